// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IntegerDense} from "../../../src/libraries/IntegerDense.sol";
import {PositionalMerkle} from "../../../src/libraries/PositionalMerkle.sol";

/// @notice Exposes IntegerDense with calldata arguments, as the dispute game calls it.
contract IntegerDenseHarness {
    function dot(bytes calldata x, bytes calldata w) external pure returns (int256) {
        return IntegerDense.dot(x, w);
    }

    function dotReference(bytes calldata x, bytes calldata w) external pure returns (int256) {
        return IntegerDense.dotReference(x, w);
    }

    function neuron(bytes calldata x, bytes calldata row, int256 bias, uint256 M, uint256 s, bool relu)
        external
        pure
        returns (int8)
    {
        return IntegerDense.neuron(x, row, bias, M, s, relu);
    }

    function neuronReference(bytes calldata x, bytes calldata row, int256 bias, uint256 M, uint256 s, bool relu)
        external
        pure
        returns (int8)
    {
        return IntegerDense.neuronReference(x, row, bias, M, s, relu);
    }

    function requantize(int256 acc, uint256 M, uint256 s, bool relu) external pure returns (int8) {
        return IntegerDense.requantize(acc, M, s, relu);
    }
}

/// @notice Exposes PositionalMerkle's verifier with calldata proofs.
contract PositionalMerkleHarness {
    function verifyAt(bytes32 root, bytes32 leaf, uint256 index, uint256 leafCount, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return PositionalMerkle.verifyAt(root, leaf, index, leafCount, proof);
    }

    function computeRoot(bytes32 leaf, uint256 index, bytes32[] calldata proof) external pure returns (bytes32) {
        return PositionalMerkle.computeRoot(leaf, index, proof);
    }
}
