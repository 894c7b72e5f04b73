// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../../src/types/ModelKind.sol";

/// @notice A stand-in for the model registry: the test sets models directly (no bond, no checks).
contract ModelRegistryDouble is IModelRegistry {
    error ModelRegistryDoubleNotImplemented();

    uint256 public modelCount;
    mapping(uint256 modelId => Model) private _models;

    /// @notice Add a model of `kind` with `layerCount` layers and `weightCommitment`; returns its id.
    function addModel(ModelKind kind, uint16 layerCount, bytes32 weightCommitment) external returns (uint256 modelId) {
        modelId = ++modelCount;
        _models[modelId] = Model({
            publisher: msg.sender,
            kind: kind,
            layerCount: layerCount,
            active: true,
            computeUnits: 0,
            artifactHash: keccak256(abi.encode(modelId)),
            weightCommitment: weightCommitment,
            bond: 0
        });
    }

    function retireModel(uint256 modelId) external {
        _models[modelId].active = false;
        emit ModelRetired(modelId, 0);
    }

    function getModel(uint256 modelId) external view returns (Model memory) {
        if (modelId == 0 || modelId > modelCount) revert ModelRegistryUnknownModel(modelId);
        return _models[modelId];
    }

    function traceShape(uint256 modelId) external view returns (ModelKind kind, uint256 layerCount) {
        return (_models[modelId].kind, _models[modelId].layerCount);
    }

    /// @dev Widths are not modelled here: zero, which the market does not use with this double.
    function ioShape(uint256 modelId) external view returns (ModelKind, uint256, uint256, uint256) {
        return (_models[modelId].kind, _models[modelId].layerCount, 0, 0);
    }

    function isActive(uint256 modelId) external view returns (bool) {
        return _models[modelId].active;
    }

    function registerModel(ModelSpec calldata) external pure returns (uint256) {
        revert ModelRegistryDoubleNotImplemented();
    }
}
