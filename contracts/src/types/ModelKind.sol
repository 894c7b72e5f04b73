// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What kind of computation a model is. Only `IntegerDense` models have
/// on-chain fraud proofs; a `Float` model's results are trusted optimistically
/// and can never enter the dispute game.
enum ModelKind {
    Float,
    IntegerDense
}
