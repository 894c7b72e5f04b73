// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IParameters} from "../interfaces/IParameters.sol";
import {ModelKind} from "../types/ModelKind.sol";

/// @title Model registry
/// @notice Anyone may publish a model against a refundable bond (a cost on spam
/// that is returned when the model is retired). Nobody but the publisher can
/// retire it, and nobody can take the bond.
contract ModelRegistry is IModelRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Most elements an activation of a model may have (docs/model-format.md: a spatial
    /// layer's C*H*W; a dense layer's own K and N stop at 4096, which the dispute game checks). The
    /// last move passes whole activations (two, or three at an add), so its calldata grows with
    /// them: at 32,768 every last move stays under the 128 KiB a default node pool relays
    /// (docs/fraud-proofs.md); at 65,536 a conv's did not, and a liar's conviction would have
    /// needed a block builder's help.
    uint256 public constant MAX_WIDTH = 32_768;
    /// @notice Most layers a model may have (the trace is committed as a Merkle tree over them).
    uint256 public constant MAX_LAYERS = 256;

    IERC20 public immutable bondToken;
    IParameters public immutable params;

    uint256 public modelCount;
    mapping(uint256 modelId => Model) private _models;
    mapping(bytes32 artifactHash => uint256 modelId) public modelIdOf;

    /// @dev What the market checks on every post and submit, in one slot of its own: kind and layer
    /// count repeat `Model` (both are fixed at registration), so that the check costs one read.
    struct IoShape {
        ModelKind kind;
        uint16 layerCount;
        uint32 inputWidth;
        uint32 outputWidth;
    }

    mapping(uint256 modelId => IoShape) private _ioShapes;

    constructor(IERC20 bondToken_, IParameters params_) {
        bondToken = bondToken_;
        params = params_;
    }

    /// @inheritdoc IModelRegistry
    function registerModel(ModelSpec calldata spec) external nonReentrant returns (uint256 modelId) {
        if (spec.artifactHash == bytes32(0)) revert ModelRegistryZeroArtifact();
        uint256 existing = modelIdOf[spec.artifactHash];
        if (existing != 0) revert ModelRegistryDuplicate(spec.artifactHash, existing);
        uint256 layers = spec.widths.length == 0 ? 0 : spec.widths.length - 1;
        if (layers == 0 || layers > MAX_LAYERS) revert ModelRegistryBadShapes(layers, spec.widths.length);
        // bounded by MAX_LAYERS + 1
        for (uint256 i; i < spec.widths.length; ++i) {
            if (spec.widths[i] == 0 || spec.widths[i] > MAX_WIDTH) {
                revert ModelRegistryBadShapes(layers, spec.widths.length);
            }
        }
        bool integer = spec.kind == ModelKind.IntegerDense;
        if (integer == (spec.weightCommitment == bytes32(0))) {
            revert ModelRegistryBadCommitment(spec.kind, spec.weightCommitment);
        }

        uint256 bond = params.modelRegistrationBond();
        modelId = ++modelCount;
        modelIdOf[spec.artifactHash] = modelId;
        _models[modelId] = Model({
            publisher: msg.sender,
            kind: spec.kind,
            layerCount: uint16(layers),
            active: true,
            computeUnits: spec.computeUnits,
            artifactHash: spec.artifactHash,
            weightCommitment: spec.weightCommitment,
            bond: uint96(bond) // bond <= Parameters.BOND_CEILING < 2^96
        });
        // layers <= MAX_LAYERS < 2^16, as for `Model.layerCount`
        _ioShapes[modelId] = IoShape({
            kind: spec.kind, layerCount: uint16(layers), inputWidth: spec.widths[0], outputWidth: spec.widths[layers]
        });
        emit ModelRegistered(
            modelId,
            msg.sender,
            spec.artifactHash,
            spec.kind,
            spec.uri,
            spec.widths,
            spec.weightCommitment,
            spec.computeUnits,
            bond
        );
        if (bond != 0) bondToken.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IModelRegistry
    function retireModel(uint256 modelId) external nonReentrant {
        Model storage m = _model(modelId);
        if (m.publisher != msg.sender) revert ModelRegistryNotPublisher(modelId, m.publisher);
        if (!m.active) revert ModelRegistryRetired(modelId);
        uint256 bond = m.bond;
        m.active = false;
        m.bond = 0;
        emit ModelRetired(modelId, bond);
        if (bond != 0) bondToken.safeTransfer(msg.sender, bond);
    }

    /// @inheritdoc IModelRegistry
    function getModel(uint256 modelId) external view returns (Model memory) {
        return _model(modelId);
    }

    /// @inheritdoc IModelRegistry
    function traceShape(uint256 modelId) external view returns (ModelKind kind, uint256 layerCount) {
        Model storage m = _model(modelId);
        return (m.kind, m.layerCount);
    }

    /// @inheritdoc IModelRegistry
    function ioShape(uint256 modelId)
        external
        view
        returns (ModelKind kind, uint256 layerCount, uint256 inputWidth, uint256 outputWidth)
    {
        IoShape memory shape = _ioShapes[modelId];
        layerCount = shape.layerCount;
        // every registered model has at least one layer
        if (layerCount == 0) revert ModelRegistryUnknownModel(modelId);
        return (shape.kind, layerCount, shape.inputWidth, shape.outputWidth);
    }

    /// @inheritdoc IModelRegistry
    function isActive(uint256 modelId) external view returns (bool) {
        return _models[modelId].active;
    }

    function _model(uint256 modelId) private view returns (Model storage m) {
        m = _models[modelId];
        if (m.publisher == address(0)) revert ModelRegistryUnknownModel(modelId);
    }
}
