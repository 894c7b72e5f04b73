// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDisputeGame} from "../../../src/interfaces/IDisputeGame.sol";
import {PositionalMerkle} from "../../../src/libraries/PositionalMerkle.sol";
import {DenseModel} from "./DenseModel.sol";

/// @notice One layer of any kind of docs/model-format.md (v2). The input shape is (C, H, W) for
/// every kind (a dense layer reads K = C*H*W); `Cout` is a conv layer's output channels and a dense
/// layer's N. Unused fields are zero.
struct SpatialLayer {
    uint8 kind; // KIND_* below
    uint16 C;
    uint16 H;
    uint16 W;
    uint16 Cout;
    uint8 kh;
    uint8 kw;
    uint8 stride;
    uint8 pad;
    uint32 M;
    uint8 s;
    bool relu;
    bytes weights; // dense [N][K], conv [Cout][Cin][kh][kw]
    int32[] bias;
    uint16 skip; // add: index of a_skip
    uint32 Ma;
    uint32 Mb;
}

uint8 constant KIND_DENSE = 0;
uint8 constant KIND_CONV = 1;
uint8 constant KIND_MAXPOOL = 2;
uint8 constant KIND_AVGPOOL = 3;
uint8 constant KIND_ADD = 4;

/// @notice Test helpers for integer models of every layer kind, written from the spec
/// independently of the contracts under test: random models, a plain reference executor (floors by
/// truncating division plus a correction, never by a shift), every commitment and proof.
library SpatialModel {
    // ---------------------------------------------------------------- shapes

    function inputSize(SpatialLayer memory L) internal pure returns (uint256) {
        return uint256(L.C) * L.H * L.W;
    }

    /// @notice The output shape (C, H, W) of a layer.
    function outShape(SpatialLayer memory L) internal pure returns (uint256 c, uint256 h, uint256 w) {
        if (L.kind == KIND_DENSE) return (L.Cout, 1, 1);
        if (L.kind == KIND_CONV) {
            return (L.Cout, (L.H + 2 * L.pad - L.kh) / L.stride + 1, (L.W + 2 * L.pad - L.kw) / L.stride + 1);
        }
        if (L.kind == KIND_ADD) return (L.C, L.H, L.W);
        return (L.C, (L.H - L.kh) / L.stride + 1, (L.W - L.kw) / L.stride + 1);
    }

    function outputSize(SpatialLayer memory L) internal pure returns (uint256) {
        (uint256 c, uint256 h, uint256 w) = outShape(L);
        return c * h * w;
    }

    // ---------------------------------------------------------------- reference executor

    function _floorDiv(int256 a, int256 b) private pure returns (int256 q) {
        q = a / b;
        if (a % b != 0 && (a < 0) != (b < 0)) q -= 1;
    }

    function _clamp8(int256 v) private pure returns (int8) {
        if (v > 127) return 127;
        if (v < -128) return -128;
        return int8(v);
    }

    function _requant(int256 acc, uint256 M, uint256 s, bool relu) private pure returns (int8) {
        if (relu && acc < 0) acc = 0;
        return _clamp8(_floorDiv(acc * int256(M) + int256(2 ** (s - 1)), int256(2 ** s)));
    }

    function _at(bytes memory v, uint256 i) private pure returns (int256) {
        return int8(uint8(v[i]));
    }

    /// @notice Element `j` (C-major) of layer `L`'s output on input `x` (and `x2` = a_skip for add).
    function elementOf(SpatialLayer memory L, bytes memory x, bytes memory x2, uint256 j) internal pure returns (int8) {
        require(x.length == inputSize(L), "SpatialModel: input length");
        if (L.kind == KIND_DENSE) {
            uint256 K = x.length;
            int256 acc = L.bias[j];
            for (uint256 k; k < K; ++k) {
                acc += _at(x, k) * _at(L.weights, j * K + k);
            }
            return _requant(acc, L.M, L.s, L.relu);
        }
        (, uint256 Ho, uint256 Wo) = outShape(L);
        uint256 c = j / (Ho * Wo);
        uint256 oy = (j / Wo) % Ho;
        uint256 ox = j % Wo;
        if (L.kind == KIND_CONV) return _convAt(L, x, c, oy, ox);
        if (L.kind == KIND_ADD) {
            int256 acc = _at(x, j) * int256(uint256(L.Ma)) + _at(x2, j) * int256(uint256(L.Mb));
            if (L.relu && acc < 0) acc = 0;
            return _clamp8(_floorDiv(acc + int256(2 ** (uint256(L.s) - 1)), int256(2 ** uint256(L.s))));
        }
        return _poolAt(L, x, (c * L.H + oy * L.stride) * L.W + ox * L.stride);
    }

    /// @dev Max or rounded mean of the pool window whose top-left input element is x[base].
    function _poolAt(SpatialLayer memory L, bytes memory x, uint256 base) private pure returns (int8) {
        int256 best = -128;
        int256 sum;
        uint256 count = uint256(L.kh) * L.kw;
        for (uint256 t; t < count; ++t) {
            int256 v = _at(x, base + (t / L.kw) * L.W + t % L.kw);
            sum += v;
            if (v > best) best = v;
        }
        if (L.kind == KIND_MAXPOOL) return int8(best);
        return int8(_floorDiv(2 * sum + int256(count), 2 * int256(count)));
    }

    function _convAt(SpatialLayer memory L, bytes memory x, uint256 co, uint256 oy, uint256 ox)
        private
        pure
        returns (int8)
    {
        int256 acc = L.bias[co];
        uint256 taps = uint256(L.C) * L.kh * L.kw;
        for (uint256 t; t < taps; ++t) {
            acc += _tap(L, x, oy, ox, t) * _at(L.weights, co * taps + t);
        }
        return _requant(acc, L.M, L.s, L.relu);
    }

    /// @dev The input under filter tap t (= (ci*kh + ky)*kw + kx) of output (oy, ox): 0 in the padding.
    function _tap(SpatialLayer memory L, bytes memory x, uint256 oy, uint256 ox, uint256 t)
        private
        pure
        returns (int256)
    {
        uint256 ci = t / (uint256(L.kh) * L.kw);
        int256 iy = int256(oy * L.stride + (t / L.kw) % L.kh) - int256(uint256(L.pad));
        int256 ix = int256(ox * L.stride + t % L.kw) - int256(uint256(L.pad));
        if (iy < 0 || ix < 0 || iy >= int256(uint256(L.H)) || ix >= int256(uint256(L.W))) return 0;
        return _at(x, (ci * L.H + uint256(iy)) * L.W + uint256(ix));
    }

    /// @notice The whole output of layer `l` (1-based) given the activations a_0 .. a_{l-1}.
    function layerOutput(SpatialLayer memory L, bytes[] memory acts, uint256 l) internal pure returns (bytes memory y) {
        bytes memory x = acts[l - 1];
        bytes memory x2 = L.kind == KIND_ADD ? acts[L.skip] : bytes("");
        y = new bytes(outputSize(L));
        for (uint256 j; j < y.length; ++j) {
            y[j] = bytes1(uint8(elementOf(L, x, x2, j)));
        }
    }

    /// @notice The activations a_0 (the input) .. a_L.
    function forward(SpatialLayer[] memory layers, bytes memory input) internal pure returns (bytes[] memory acts) {
        acts = new bytes[](layers.length + 1);
        acts[0] = input;
        for (uint256 l = 1; l <= layers.length; ++l) {
            acts[l] = layerOutput(layers[l - 1], acts, l);
        }
    }

    /// @notice Recomputes a_{from} .. a_L from the committed activations before them.
    function forwardFrom(SpatialLayer[] memory layers, bytes[] memory acts, uint256 from) internal pure {
        for (uint256 l = from; l <= layers.length; ++l) {
            acts[l] = layerOutput(layers[l - 1], acts, l);
        }
    }

    // ---------------------------------------------------------------- commitments

    /// @notice Row j of a dense layer, or output channel j's filter of a conv layer.
    function filter(SpatialLayer memory L, uint256 j) internal pure returns (bytes memory f) {
        uint256 n = L.kind == KIND_DENSE ? inputSize(L) : uint256(L.C) * L.kh * L.kw;
        f = new bytes(n);
        for (uint256 i; i < n; ++i) {
            f[i] = L.weights[j * n + i];
        }
    }

    function filterLeaves(SpatialLayer memory L) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](L.Cout);
        for (uint256 j; j < L.Cout; ++j) {
            leaves[j] = keccak256(abi.encodePacked(filter(L, j), L.bias[j]));
        }
    }

    function filtersRoot(SpatialLayer memory L) internal pure returns (bytes32) {
        return PositionalMerkle.rootOf(filterLeaves(L));
    }

    /// @notice The layer leaf of docs/model-format.md, by kind.
    function layerLeaf(SpatialLayer memory L) internal pure returns (bytes32) {
        if (L.kind == KIND_DENSE) {
            return keccak256(abi.encodePacked(uint32(inputSize(L)), uint32(L.Cout), L.M, L.s, L.relu, filtersRoot(L)));
        }
        if (L.kind == KIND_CONV) {
            return keccak256(
                abi.encodePacked(
                    uint8(1), L.C, L.H, L.W, L.Cout, L.kh, L.kw, L.stride, L.pad, L.M, L.s, L.relu, filtersRoot(L)
                )
            );
        }
        if (L.kind == KIND_ADD) {
            return keccak256(abi.encodePacked(uint8(4), L.C, L.H, L.W, L.skip, L.Ma, L.Mb, L.s, L.relu));
        }
        return keccak256(abi.encodePacked(L.kind, L.C, L.H, L.W, L.kh, L.kw, L.stride));
    }

    function layerLeaves(SpatialLayer[] memory layers) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](layers.length);
        for (uint256 l; l < layers.length; ++l) {
            leaves[l] = layerLeaf(layers[l]);
        }
    }

    function weightCommitment(SpatialLayer[] memory layers) internal pure returns (bytes32) {
        return PositionalMerkle.rootOf(layerLeaves(layers));
    }

    // ---------------------------------------------------------------- proofs of the last move

    function denseProof(SpatialLayer[] memory layers, uint256 l, uint256 j)
        internal
        pure
        returns (IDisputeGame.LayerProof memory p)
    {
        SpatialLayer memory L = layers[l - 1];
        (p.K, p.N, p.M, p.s, p.relu) = (uint32(inputSize(L)), L.Cout, L.M, L.s, L.relu);
        p.rowsRoot = filtersRoot(L);
        p.layerProof = PositionalMerkle.proofOf(layerLeaves(layers), l - 1);
        (p.row, p.bias) = (filter(L, j), L.bias[j]);
        p.rowProof = PositionalMerkle.proofOf(filterLeaves(L), j);
    }

    function convProof(SpatialLayer[] memory layers, uint256 l, uint256 j)
        internal
        pure
        returns (IDisputeGame.ConvProof memory p)
    {
        SpatialLayer memory L = layers[l - 1];
        p.Cin = L.C;
        p.H = L.H;
        p.W = L.W;
        p.Cout = L.Cout;
        p.kh = L.kh;
        p.kw = L.kw;
        p.stride = L.stride;
        p.pad = L.pad;
        (p.M, p.s, p.relu, p.filtersRoot) = (L.M, L.s, L.relu, filtersRoot(L));
        p.layerProof = PositionalMerkle.proofOf(layerLeaves(layers), l - 1);
        (, uint256 Ho, uint256 Wo) = outShape(L);
        uint256 co = j / (Ho * Wo);
        (p.filter, p.bias) = (filter(L, co), L.bias[co]);
        p.filterProof = PositionalMerkle.proofOf(filterLeaves(L), co);
    }

    function poolProof(SpatialLayer[] memory layers, uint256 l)
        internal
        pure
        returns (IDisputeGame.PoolProof memory p)
    {
        SpatialLayer memory L = layers[l - 1];
        p.average = L.kind == KIND_AVGPOOL;
        p.C = L.C;
        p.H = L.H;
        p.W = L.W;
        p.kh = L.kh;
        p.kw = L.kw;
        p.stride = L.stride;
        p.layerProof = PositionalMerkle.proofOf(layerLeaves(layers), l - 1);
    }

    /// @notice The add proof of layer `l`, its skip activation taken from the committed `acts`.
    function addProof(SpatialLayer[] memory layers, uint256 l, bytes[] memory acts)
        internal
        pure
        returns (IDisputeGame.AddProof memory p)
    {
        SpatialLayer memory L = layers[l - 1];
        p.C = L.C;
        p.H = L.H;
        p.W = L.W;
        p.skip = L.skip;
        p.Ma = L.Ma;
        p.Mb = L.Mb;
        p.s = L.s;
        p.relu = L.relu;
        p.layerProof = PositionalMerkle.proofOf(layerLeaves(layers), l - 1);
        bytes32[] memory h = DenseModel.hashes(acts);
        p.skipActivation = acts[L.skip];
        p.outputHash = h[h.length - 1];
        p.traceRoot = DenseModel.traceRoot(h);
        p.skipProof = DenseModel.traceProof(h, L.skip);
    }

    // ---------------------------------------------------------------- random models

    /// @notice A random model of 1..maxLayers layers of random kinds and shapes (within the spec,
    /// kept small), on a random input of shape (1..3, 1..7, 1..7).
    function random(uint256 seed, uint256 layerCount)
        internal
        pure
        returns (SpatialLayer[] memory layers, bytes memory input)
    {
        seed = uint256(keccak256(abi.encode(seed, "model"))); // every bit random, small seeds too
        layers = new SpatialLayer[](layerCount);
        uint256[3][] memory shapes = new uint256[3][](layerCount + 1);
        shapes[0] = [1 + seed % 3, 2 + (seed >> 8) % 7, 2 + (seed >> 16) % 7];
        input = DenseModel.randomBytes(keccak256(abi.encode(seed, "input")), shapes[0][0] * shapes[0][1] * shapes[0][2]);
        for (uint256 l; l < layerCount; ++l) {
            uint256 r = uint256(keccak256(abi.encode(seed, "layer", l)));
            layers[l] = randomLayer(r, shapes, l);
            (uint256 c, uint256 h, uint256 w) = outShape(layers[l]);
            shapes[l + 1] = [c, h, w];
        }
    }

    /// @notice A random layer l + 1 (0-based `l`) on input shape `shapes[l]`; an add layer when one
    /// of a_0 .. a_{l-1} has the same shape and the draw says so.
    function randomLayer(uint256 r, uint256[3][] memory shapes, uint256 l)
        internal
        pure
        returns (SpatialLayer memory L)
    {
        (L.C, L.H, L.W) = (uint16(shapes[l][0]), uint16(shapes[l][1]), uint16(shapes[l][2]));
        // Dense 1/8 (it flattens the shape), conv 3/8, each pool 1/8, add 2/8.
        uint256 kind =
            [KIND_DENSE, KIND_CONV, KIND_CONV, KIND_CONV, KIND_MAXPOOL, KIND_AVGPOOL, KIND_ADD, KIND_ADD][r % 8];
        if (kind == KIND_ADD) {
            bool found;
            for (uint256 i; i + 1 <= l && !found; ++i) {
                // skip <= l - 1 (0-based l: this is layer l + 1, so skip <= (l + 1) - 2)
                uint256 cand = (r >> 200) % l;
                cand = (cand + i) % l;
                if (shapes[cand][0] == L.C && shapes[cand][1] == L.H && shapes[cand][2] == L.W) {
                    (found, L.skip) = (true, uint16(cand));
                }
            }
            if (!found) kind = KIND_CONV;
        }
        L.kind = uint8(kind);
        L.s = uint8(1 + (r >> 8) % 24);
        L.relu = (r >> 16) % 3 != 0;
        if (kind == KIND_ADD) {
            // Around a/2 + b/2, jittered x0.25 .. x4 (x4 saturates often).
            L.Ma = uint32(Math.max(1, ((uint256(1) << L.s) >> 1) * (25 + (r >> 24) % 375) / 100));
            L.Mb = uint32(Math.max(1, ((uint256(1) << L.s) >> 1) * (25 + (r >> 40) % 375) / 100));
            return L;
        }
        if (kind == KIND_MAXPOOL || kind == KIND_AVGPOOL) {
            L.kh = uint8(1 + (r >> 24) % Math.min(3, L.H));
            L.kw = uint8(1 + (r >> 32) % Math.min(3, L.W));
            L.stride = uint8(1 + (r >> 40) % 2);
            (L.s, L.relu) = (0, false);
            return L;
        }
        L.Cout = uint16(1 + (r >> 24) % (kind == KIND_DENSE ? 8 : 4));
        // Half the convs keep the channel count, so that later adds find a same-shaped activation.
        if (kind == KIND_CONV && (r >> 28) % 2 == 0) L.Cout = L.C;
        uint256 taps = inputSize(L);
        if (kind == KIND_CONV) {
            L.kh = uint8(1 + (r >> 32) % Math.min(3, L.H));
            L.kw = uint8(1 + (r >> 40) % Math.min(3, L.W));
            L.pad = uint8((r >> 48) % Math.min(L.kh, L.kw));
            // Stride 1 half the time (with "same" padding it keeps the shape), else 2 or 3.
            L.stride = uint8((r >> 56) % 2 == 0 ? 1 : 2 + (r >> 57) % 2);
            if ((r >> 29) % 3 == 0) {
                // A "same" conv (3x3, pad 1, stride 1, channels kept), as residual blocks have.
                (L.kh, L.kw, L.pad, L.stride, L.Cout) = (3, 3, 1, 1, L.C);
            }
            taps = uint256(L.C) * L.kh * L.kw;
        }
        // |acc| is around 5461 * sqrt(taps) for uniform int8: aim y at about +-60, jittered x0.25..x4.
        uint256 target = (60 << L.s) / (5461 * (Math.sqrt(taps) + 1));
        L.M = uint32(Math.min(Math.max(target * (25 + (r >> 64) % 375) / 100, 1), 2 ** 31 - 1));
        L.weights = DenseModel.randomBytes(keccak256(abi.encode(r, "weights")), uint256(L.Cout) * taps);
        if ((r >> 72) % 8 == 0) {
            for (uint256 i; i < L.weights.length; ++i) {
                L.weights[i] = uint8(L.weights[i]) & 1 == 0 ? bytes1(0x80) : bytes1(0x7f);
            }
        }
        L.bias = new int32[](L.Cout);
        bool extremeBias = (r >> 80) % 8 == 0;
        for (uint256 j; j < L.Cout; ++j) {
            uint256 b = uint256(keccak256(abi.encode(r, "bias", j)));
            L.bias[j] = extremeBias
                ? (b & 1 == 0 ? int32(2 ** 30) : -int32(2 ** 30))
                : int32(int256(b % (2 ** 17 + 1)) - 2 ** 16);
        }
    }
}
