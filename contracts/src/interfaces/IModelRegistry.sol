// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ModelKind} from "../types/ModelKind.sol";

/// @title Model registry
/// @notice Jobs name a registered model. A model is identified by its artifact
/// hash (keccak256 of the model file); integer models also carry the weight
/// commitment that the dispute game checks weights against.
interface IModelRegistry {
    /// @notice No model has id `modelId`.
    error ModelRegistryUnknownModel(uint256 modelId);
    /// @notice A model with this artifact hash is already registered as `modelId`.
    error ModelRegistryDuplicate(bytes32 artifactHash, uint256 modelId);
    /// @notice The layer shapes are inconsistent: `widths` must hold `layerCount + 1` nonzero widths (activation element counts) of at most 32,768.
    error ModelRegistryBadShapes(uint256 layerCount, uint256 widthsLength);
    /// @notice An integer model needs a nonzero weight commitment; a float model must have none.
    error ModelRegistryBadCommitment(ModelKind kind, bytes32 weightCommitment);
    /// @notice The artifact hash cannot be zero.
    error ModelRegistryZeroArtifact();
    /// @notice Only the publisher `publisher` may do this.
    error ModelRegistryNotPublisher(uint256 modelId, address publisher);
    /// @notice The model was retired.
    error ModelRegistryRetired(uint256 modelId);

    /// @notice A model was registered; `widths` are the layer widths from input to output.
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed publisher,
        bytes32 indexed artifactHash,
        ModelKind kind,
        string uri,
        uint32[] widths,
        bytes32 weightCommitment,
        uint64 computeUnits,
        uint256 bond
    );
    /// @notice A model was retired by its publisher; new jobs can no longer name it and the bond was returned.
    event ModelRetired(uint256 indexed modelId, uint256 bondReturned);

    /// @notice What a job or a dispute needs to know of a model.
    struct Model {
        address publisher;
        ModelKind kind;
        uint16 layerCount;
        bool active;
        uint64 computeUnits;
        bytes32 artifactHash;
        bytes32 weightCommitment;
        uint96 bond;
    }

    /// @notice What a publisher registers.
    struct ModelSpec {
        bytes32 artifactHash; // keccak256 of the model file
        string uri; // where the model file can be fetched
        ModelKind kind;
        uint32[] widths; // layer widths, input first: layerCount = widths.length - 1
        bytes32 weightCommitment; // integer models: Merkle root over layer leaves (docs/model-format.md)
        uint64 computeUnits; // cost of one inference, for pricing (multiply-accumulates for dense models)
    }

    /// @notice Register a model; the registration bond is pulled from the caller. Returns the new id.
    function registerModel(ModelSpec calldata spec) external returns (uint256 modelId);
    /// @notice Retire a model (publisher only): no new job may name it; the bond is returned.
    function retireModel(uint256 modelId) external;
    /// @notice The model with id `modelId` (reverts if unknown).
    function getModel(uint256 modelId) external view returns (Model memory);
    /// @notice What a result's trace must look like for `modelId`: its kind and layer count
    /// (reverts if unknown). Reads one storage slot.
    function traceShape(uint256 modelId) external view returns (ModelKind kind, uint256 layerCount);
    /// @notice What inputs and outputs of `modelId` look like: its kind, layer count, and the widths
    /// of its input and output vectors (for an integer model, one int8 byte per element). Reverts if
    /// unknown. Reads one storage slot.
    function ioShape(uint256 modelId)
        external
        view
        returns (ModelKind kind, uint256 layerCount, uint256 inputWidth, uint256 outputWidth);
    /// @notice Whether new jobs may name `modelId` (registered and not retired).
    function isActive(uint256 modelId) external view returns (bool);
    /// @notice Number of models ever registered (ids are 1..modelCount).
    function modelCount() external view returns (uint256);
}
