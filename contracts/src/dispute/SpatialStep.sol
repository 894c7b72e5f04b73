// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {IntegerDense} from "../libraries/IntegerDense.sol";
import {IntegerSpatial} from "../libraries/IntegerSpatial.sol";
import {PositionalMerkle} from "../libraries/PositionalMerkle.sol";

/// @dev The layer leaf tags of the spatial kinds (the dense leaf has none: it is 46 bytes long).
uint8 constant CONV_TAG = 1;
uint8 constant MAX_POOL_TAG = 2;
uint8 constant AVG_POOL_TAG = 3;
uint8 constant ADD_TAG = 4;

/// @title The one-step check of a spatial layer (conv2d, pools, add)
/// @notice Pure: from a spatial layer's typed fields it builds the layer leaf, the layer's output
/// size and, unless the revealed output has the wrong length, the recomputed element. The dispute
/// game creates it in its constructor and calls it from its spatial last moves; it holds the
/// game's state checks (phase, parties, hashes, layer proof against the weight commitment, the skip
/// activation against the trace) and decides. A contract of its own because the game with these
/// checks inside was 2 bytes under the 24,576-byte code size limit (EIP-170).
/// @dev Reverts with the game's errors (`IDisputeGame`), which the game's calls bubble up.
contract SpatialStep {
    /// @dev Spec bounds of spatial layers (docs/model-format.md).
    uint256 private constant _MAX_ELEMENTS = 65_536;
    uint256 private constant _MAX_WINDOW = 1024;
    uint256 private constant _MAX_KERNEL = 15;
    uint256 private constant _MAX_STRIDE = 8;
    uint256 private constant _MAX_CHANNELS = 4096;
    int256 private constant _MAX_ABS_BIAS = 2 ** 30;

    /// @notice What the game needs from one spatial step.
    struct Step {
        bytes32 leaf; // the layer leaf built from the proof's typed fields
        uint256 outputSize; // the layer's output element count
        int8 computed; // the recomputed element (0 when the revealed output has the wrong length)
    }

    /// @dev Where the element sits: sizes, output plane `Ho*Wo`, width `Wo`, and its coordinates.
    struct Shape {
        uint256 inputSize;
        uint256 outputSize;
        uint256 plane;
        uint256 Wo;
        uint256 channel;
        uint256 oy;
        uint256 ox;
    }

    // ---------------------------------------------------------------- steps

    /// @notice The conv2d step: spec bounds, layer leaf, sizes, the filter of the element's channel
    /// against `filtersRoot`, then the element.
    function conv(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        uint256 disputedLength,
        IDisputeGame.ConvProof calldata proof
    ) external pure returns (Step memory step) {
        IntegerSpatial.Conv memory c = _convChecked(proof);
        step.leaf = keccak256(
            abi.encodePacked(
                CONV_TAG,
                proof.Cin,
                proof.H,
                proof.W,
                proof.Cout,
                proof.kh,
                proof.kw,
                proof.stride,
                proof.pad,
                proof.M,
                proof.s,
                proof.relu,
                proof.filtersRoot
            )
        );
        Shape memory shape;
        uint256 Ho = (c.H + 2 * c.pad - c.kh) / c.stride + 1;
        shape.Wo = (c.W + 2 * c.pad - c.kw) / c.stride + 1;
        shape.plane = Ho * shape.Wo;
        shape.inputSize = c.Cin * c.H * c.W;
        shape.outputSize = proof.Cout * shape.plane;
        step.outputSize = shape.outputSize;
        if (!_locate(disputeId, element, shape, prevActivation.length, disputedLength)) return step;
        _checkFilter(disputeId, shape.channel, proof, c.Cin * c.kh * c.kw);
        step.computed = IntegerSpatial.convElement(prevActivation, c, proof.filter, proof.bias, shape.oy, shape.ox);
    }

    /// @notice The max or average pool step: spec bounds, layer leaf, sizes, then the element.
    function pool(
        uint256 disputeId,
        uint256 element,
        bytes calldata prevActivation,
        uint256 disputedLength,
        IDisputeGame.PoolProof calldata proof
    ) external pure returns (Step memory step) {
        IntegerSpatial.Pool memory p = IntegerSpatial.Pool(proof.C, proof.H, proof.W, proof.kh, proof.kw, proof.stride);
        if (
            p.kh == 0 || p.kh > _MAX_KERNEL || p.kh > p.H || p.kw == 0 || p.kw > _MAX_KERNEL || p.kw > p.W
                || p.stride == 0 || p.stride > _MAX_STRIDE || p.C * p.H * p.W > _MAX_ELEMENTS
        ) revert IDisputeGame.DisputePoolOutOfSpec(p.C, p.H, p.W, p.kh, p.kw, p.stride);
        uint8 kind = proof.average ? AVG_POOL_TAG : MAX_POOL_TAG;
        step.leaf = keccak256(abi.encodePacked(kind, proof.C, proof.H, proof.W, proof.kh, proof.kw, proof.stride));
        Shape memory shape;
        uint256 Ho = (p.H - p.kh) / p.stride + 1;
        shape.Wo = (p.W - p.kw) / p.stride + 1;
        shape.plane = Ho * shape.Wo;
        shape.inputSize = p.C * p.H * p.W;
        shape.outputSize = p.C * shape.plane;
        step.outputSize = shape.outputSize;
        if (!_locate(disputeId, element, shape, prevActivation.length, disputedLength)) return step;
        step.computed = proof.average
            ? IntegerSpatial.avgPoolElement(prevActivation, p, shape.channel, shape.oy, shape.ox)
            : IntegerSpatial.maxPoolElement(prevActivation, p, shape.channel, shape.oy, shape.ox);
    }

    /// @notice The residual add step of layer `layer`: spec bounds (`skip <= layer - 2`), layer
    /// leaf, sizes (the skip activation's too), then the element. The skip activation's hash is
    /// the game's to check against the trace.
    function add(
        uint256 disputeId,
        uint256 layer,
        uint256 element,
        bytes calldata prevActivation,
        uint256 disputedLength,
        IDisputeGame.AddProof calldata proof
    ) external pure returns (Step memory step) {
        uint256 size = uint256(proof.C) * proof.H * proof.W;
        if (
            uint256(proof.skip) + 2 > layer || proof.Ma == 0 || proof.Ma > IntegerDense.MAX_MULTIPLIER || proof.Mb == 0
                || proof.Mb > IntegerDense.MAX_MULTIPLIER || proof.s == 0 || proof.s > IntegerDense.MAX_SHIFT
                || size > _MAX_ELEMENTS
        ) revert IDisputeGame.DisputeAddOutOfSpec(layer, proof.skip, proof.Ma, proof.Mb, proof.s);
        step.leaf = keccak256(
            abi.encodePacked(ADD_TAG, proof.C, proof.H, proof.W, proof.skip, proof.Ma, proof.Mb, proof.s, proof.relu)
        );
        step.outputSize = size;
        if (disputedLength != size) return step;
        if (prevActivation.length != size) {
            revert IDisputeGame.DisputeInputLengthMismatch(disputeId, size, prevActivation.length);
        }
        if (element >= size) revert IDisputeGame.DisputeElementOutOfRange(element, size);
        if (proof.skipActivation.length != size) {
            revert IDisputeGame.DisputeSkipLengthMismatch(disputeId, size, proof.skipActivation.length);
        }
        step.computed = IntegerSpatial.addElement(
            int8(uint8(prevActivation[element])),
            int8(uint8(proof.skipActivation[element])),
            proof.Ma,
            proof.Mb,
            proof.s,
            proof.relu
        );
    }

    // ---------------------------------------------------------------- checks

    /// @dev False when the revealed output has the wrong length (the provider loses; nothing to
    /// compute). Else reverts on an agreed input of the wrong length (the first wrong layer is an
    /// earlier one) or an element past the output, and locates the element in `shape`.
    function _locate(uint256 disputeId, uint256 element, Shape memory shape, uint256 prevLength, uint256 disputedLength)
        private
        pure
        returns (bool)
    {
        if (disputedLength != shape.outputSize) return false;
        if (prevLength != shape.inputSize) {
            revert IDisputeGame.DisputeInputLengthMismatch(disputeId, shape.inputSize, prevLength);
        }
        if (element >= shape.outputSize) revert IDisputeGame.DisputeElementOutOfRange(element, shape.outputSize);
        shape.channel = element / shape.plane;
        shape.oy = (element % shape.plane) / shape.Wo;
        shape.ox = element % shape.Wo;
        return true;
    }

    /// @dev The conv layer's fields as the executor takes them; reverts if they are outside the spec.
    function _convChecked(IDisputeGame.ConvProof calldata proof) private pure returns (IntegerSpatial.Conv memory c) {
        c = IntegerSpatial.Conv({
            Cin: proof.Cin,
            H: proof.H,
            W: proof.W,
            kh: proof.kh,
            kw: proof.kw,
            stride: proof.stride,
            pad: proof.pad,
            M: proof.M,
            s: proof.s,
            relu: proof.relu
        });
        uint256 window = c.Cin * c.kh * c.kw;
        bool outOfSpec = window == 0 || window > _MAX_WINDOW || c.kh > _MAX_KERNEL || c.kw > _MAX_KERNEL
            || c.stride == 0 || c.stride > _MAX_STRIDE || c.pad >= c.kh || c.pad >= c.kw || proof.Cout == 0
            || proof.Cout > _MAX_CHANNELS || c.Cin * c.H * c.W > _MAX_ELEMENTS || c.M == 0
            || c.M > IntegerDense.MAX_MULTIPLIER || c.s == 0 || c.s > IntegerDense.MAX_SHIFT;
        // pad < kh and pad < kw, so H + 2 pad >= kh unless H = 0: an empty output is out of spec too.
        outOfSpec = outOfSpec || c.H + 2 * c.pad < c.kh || c.W + 2 * c.pad < c.kw;
        if (!outOfSpec) {
            uint256 out = uint256(proof.Cout) * ((c.H + 2 * c.pad - c.kh) / c.stride + 1)
                * ((c.W + 2 * c.pad - c.kw) / c.stride + 1);
            outOfSpec = out > _MAX_ELEMENTS;
        }
        if (outOfSpec) {
            revert IDisputeGame.DisputeConvOutOfSpec(c.Cin, c.H, c.W, proof.Cout, c.kh, c.kw, c.stride, c.pad);
        }
    }

    /// @dev Reverts unless the filter is output channel `co`'s, of `length` bytes, with an in-spec bias.
    function _checkFilter(uint256 disputeId, uint256 co, IDisputeGame.ConvProof calldata proof, uint256 length)
        private
        pure
    {
        if (proof.filter.length != length) {
            revert IDisputeGame.DisputeFilterLengthMismatch(length, proof.filter.length);
        }
        int256 bias = proof.bias;
        if (bias > _MAX_ABS_BIAS || bias < -_MAX_ABS_BIAS) revert IDisputeGame.DisputeBiasOutOfSpec(bias);
        bytes32 leaf = keccak256(abi.encodePacked(proof.filter, proof.bias));
        if (!PositionalMerkle.verifyAt(proof.filtersRoot, leaf, co, proof.Cout, proof.filterProof)) {
            revert IDisputeGame.DisputeBadFilterProof(disputeId, co);
        }
    }
}
