// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDisputeGame} from "../../../src/interfaces/IDisputeGame.sol";
import {PositionalMerkle} from "../../../src/libraries/PositionalMerkle.sol";

/// @notice One dense layer, as in the `*.verity.json` form of docs/model-format.md.
struct DenseLayer {
    uint32 K;
    uint32 N;
    uint32 M;
    uint8 s;
    bool relu;
    bytes weights; // N * K int8, row-major by output neuron
    int32[] bias;
}

/// @notice Test helpers for integer dense models, written from the spec independently of the
/// contracts under test: random models from a seed, a plain reference executor (floor by
/// truncating division plus a correction, as the ONNX graph does it, not by an arithmetic shift),
/// and every commitment of docs/model-format.md with its proofs.
library DenseModel {
    // ---------------------------------------------------------------- random models

    /// @notice A random model with layer widths `widths` (input first) and a random input.
    function random(uint256 seed, uint256[] memory widths)
        internal
        pure
        returns (DenseLayer[] memory layers, bytes memory input)
    {
        input = randomBytes(keccak256(abi.encode(seed, "input")), widths[0]);
        layers = new DenseLayer[](widths.length - 1);
        for (uint256 l; l < layers.length; ++l) {
            bool last = l + 1 == layers.length;
            layers[l] = randomLayer(uint256(keccak256(abi.encode(seed, "layer", l))), widths[l], widths[l + 1], last);
        }
    }

    /// @notice A random model of `layerCount` layers whose widths are drawn from 1..maxWidth.
    function random(uint256 seed, uint256 layerCount, uint256 maxWidth)
        internal
        pure
        returns (DenseLayer[] memory layers, bytes memory input)
    {
        uint256[] memory widths = new uint256[](layerCount + 1);
        for (uint256 i; i <= layerCount; ++i) {
            widths[i] = 1 + uint256(keccak256(abi.encode(seed, "width", i))) % maxWidth;
        }
        return random(seed, widths);
    }

    /// @notice A random K x N layer whose requantization keeps most outputs inside int8 (some clip);
    /// one layer in eight has only extreme weights (-128, 127) and one in eight extreme biases.
    function randomLayer(uint256 seed, uint256 K, uint256 N, bool last)
        internal
        pure
        returns (DenseLayer memory layer)
    {
        layer.K = uint32(K);
        layer.N = uint32(N);
        layer.relu = last ? seed % 5 == 0 : seed % 5 != 0;
        layer.s = uint8(1 + (seed >> 8) % 40);
        // |acc| is around 5461 * sqrt(K) for uniform int8: aim y at about +-60, jittered x0.25..x4.
        uint256 target = (60 << layer.s) / (5461 * (Math.sqrt(K) + 1));
        uint256 scaled = target * (25 + (seed >> 16) % 375) / 100;
        layer.M = uint32(Math.min(Math.max(scaled, 1), 2 ** 31 - 1));
        layer.weights = randomBytes(keccak256(abi.encode(seed, "weights")), N * K);
        if ((seed >> 32) % 8 == 0) {
            for (uint256 i; i < layer.weights.length; ++i) {
                layer.weights[i] = uint8(layer.weights[i]) & 1 == 0 ? bytes1(0x80) : bytes1(0x7f);
            }
        }
        layer.bias = new int32[](N);
        bool extremeBias = (seed >> 40) % 8 == 0;
        for (uint256 j; j < N; ++j) {
            uint256 r = uint256(keccak256(abi.encode(seed, "bias", j)));
            layer.bias[j] = extremeBias
                ? (r & 1 == 0 ? int32(2 ** 30) : -int32(2 ** 30))
                : int32(int256(r % (2 ** 17 + 1)) - 2 ** 16);
        }
    }

    /// @notice `length` pseudo-random bytes from `seed`.
    function randomBytes(bytes32 seed, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; i += 32) {
            bytes32 word = keccak256(abi.encode(seed, i));
            assembly ("memory-safe") {
                mstore(add(add(out, 0x20), i), word)
            }
        }
        // The last word may have filled the padding after `length` too: clear it, as Solidity expects.
        assembly ("memory-safe") {
            mstore(add(add(out, 0x20), length), 0)
        }
    }

    // ---------------------------------------------------------------- reference executor

    /// @notice y_j of `layer` on input `x`, by the spec's definition.
    function neuronOf(DenseLayer memory layer, bytes memory x, uint256 j) internal pure returns (int8) {
        require(x.length == layer.K, "DenseModel: input length");
        int256 acc = layer.bias[j];
        uint256 base = j * layer.K;
        for (uint256 k; k < layer.K; ++k) {
            acc += int256(int8(uint8(x[k]))) * int256(int8(uint8(layer.weights[base + k])));
        }
        if (layer.relu && acc < 0) acc = 0;
        int256 v = acc * int256(uint256(layer.M)) + int256(2 ** (uint256(layer.s) - 1));
        int256 d = int256(2 ** uint256(layer.s));
        int256 q = v / d; // truncates toward zero...
        if (v % d != 0 && v < 0) q -= 1; // ...so step down to the floor on negative values
        if (q > 127) return 127;
        if (q < -128) return -128;
        return int8(q);
    }

    /// @notice The whole output vector of `layer` on `x`.
    function layerOutput(DenseLayer memory layer, bytes memory x) internal pure returns (bytes memory y) {
        y = new bytes(layer.N);
        for (uint256 j; j < layer.N; ++j) {
            y[j] = bytes1(uint8(neuronOf(layer, x, j)));
        }
    }

    /// @notice The activations a_0 (the input) .. a_L.
    function forward(DenseLayer[] memory layers, bytes memory input) internal pure returns (bytes[] memory acts) {
        acts = new bytes[](layers.length + 1);
        acts[0] = input;
        for (uint256 l; l < layers.length; ++l) {
            acts[l + 1] = layerOutput(layers[l], acts[l]);
        }
    }

    // ---------------------------------------------------------------- commitments

    function row(DenseLayer memory layer, uint256 j) internal pure returns (bytes memory r) {
        uint256 K = layer.K;
        require((j + 1) * K <= layer.weights.length, "DenseModel: row out of range");
        r = new bytes(K);
        bytes memory weights = layer.weights;
        assembly ("memory-safe") {
            mcopy(add(r, 0x20), add(add(weights, 0x20), mul(j, K)), K)
        }
    }

    function rowLeaf(DenseLayer memory layer, uint256 j) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(row(layer, j), layer.bias[j]));
    }

    function rowLeaves(DenseLayer memory layer) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](layer.N);
        for (uint256 j; j < layer.N; ++j) {
            leaves[j] = rowLeaf(layer, j);
        }
    }

    function rowsRoot(DenseLayer memory layer) internal pure returns (bytes32) {
        return PositionalMerkle.rootOf(rowLeaves(layer));
    }

    function layerLeaf(DenseLayer memory layer) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(layer.K, layer.N, layer.M, layer.s, layer.relu, rowsRoot(layer)));
    }

    function layerLeaves(DenseLayer[] memory layers) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](layers.length);
        for (uint256 l; l < layers.length; ++l) {
            leaves[l] = layerLeaf(layers[l]);
        }
    }

    function weightCommitment(DenseLayer[] memory layers) internal pure returns (bytes32) {
        return PositionalMerkle.rootOf(layerLeaves(layers));
    }

    /// @notice h_0 .. h_L of activations a_0 .. a_L.
    function hashes(bytes[] memory acts) internal pure returns (bytes32[] memory h) {
        h = new bytes32[](acts.length);
        for (uint256 i; i < acts.length; ++i) {
            h[i] = keccak256(acts[i]);
        }
    }

    /// @notice The hidden hashes h_1 .. h_{L-1} of h_0 .. h_L.
    function hidden(bytes32[] memory h) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](h.length - 2);
        for (uint256 i; i < leaves.length; ++i) {
            leaves[i] = h[i + 1];
        }
    }

    /// @notice The trace commitment over h_1 .. h_{L-1}.
    function traceRoot(bytes32[] memory h) internal pure returns (bytes32) {
        return PositionalMerkle.rootOf(hidden(h));
    }

    /// @notice The proof of h_i for `challenge`: empty for h_0 and h_L, bound by the job itself.
    function traceProof(bytes32[] memory h, uint256 i) internal pure returns (bytes32[] memory) {
        if (i == 0 || i == h.length - 1) return new bytes32[](0);
        return PositionalMerkle.proofOf(hidden(h), i - 1);
    }

    /// @notice The honest `LayerProof` of output `j` of layer `l` (1-based).
    function layerProof(DenseLayer[] memory layers, uint256 l, uint256 j)
        internal
        pure
        returns (IDisputeGame.LayerProof memory p)
    {
        DenseLayer memory layer = layers[l - 1];
        p.K = layer.K;
        p.N = layer.N;
        p.M = layer.M;
        p.s = layer.s;
        p.relu = layer.relu;
        p.rowsRoot = rowsRoot(layer);
        p.layerProof = PositionalMerkle.proofOf(layerLeaves(layers), l - 1);
        p.row = row(layer, j);
        p.bias = layer.bias[j];
        p.rowProof = PositionalMerkle.proofOf(rowLeaves(layer), j);
    }

    // ---------------------------------------------------------------- the honest challenger

    /// @notice The first layer whose committed hash differs from the honest one, or 0 if none.
    function firstWrongLayer(bytes32[] memory honest, bytes32[] memory committed) internal pure returns (uint256) {
        for (uint256 i = 1; i < honest.length; ++i) {
            if (honest[i] != committed[i]) return i;
        }
        return 0;
    }

    /// @notice The first element where `revealed` differs from `honest`; 0 when the lengths differ
    /// (any element then proves the provider wrong); `type(uint256).max` if they are equal.
    function firstWrongElement(bytes memory honest, bytes memory revealed) internal pure returns (uint256) {
        if (honest.length != revealed.length) return 0;
        for (uint256 j; j < honest.length; ++j) {
            if (honest[j] != revealed[j]) return j;
        }
        return type(uint256).max;
    }
}
