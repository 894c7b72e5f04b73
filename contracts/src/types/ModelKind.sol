// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What kind of computation a model is. Only `IntegerDense` models have
/// on-chain fraud proofs; a `Float` model's results are trusted optimistically
/// and can never enter the dispute game. `IntegerDense` is the whole integer family of
/// docs/model-format.md (dense, conv2d, pooling and add layers; the name is kept for the ABI):
/// each layer leaf of the weight commitment says which kind its layer is.
enum ModelKind {
    Float,
    IntegerDense
}
