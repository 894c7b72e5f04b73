// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IntegerDense} from "./IntegerDense.sol";

/// @title The one-step executor of integer spatial layers (conv2d, max pool, average pool, add)
/// @notice Computes one output element of a spatial layer exactly as docs/model-format.md (v2)
/// defines it. Activations are int8 tensors (C, H, W) in C-major order: element (c, y, x) is byte
/// `(c*H + y)*W + x`. The fast versions take the activations in calldata, as the dispute game has
/// them; the `*Reference` versions are the plain definitions (memory, one loop per axis) that the
/// fast ones are fuzzed against.
library IntegerSpatial {
    /// @notice A conv2d layer's shape and requantization (the fields of its layer leaf but the root).
    struct Conv {
        uint256 Cin;
        uint256 H;
        uint256 W;
        uint256 kh;
        uint256 kw;
        uint256 stride;
        uint256 pad;
        uint256 M;
        uint256 s;
        bool relu;
    }

    /// @notice A pooling layer's shape (max and average pools have the same fields).
    struct Pool {
        uint256 C;
        uint256 H;
        uint256 W;
        uint256 kh;
        uint256 kw;
        uint256 stride;
    }

    /// @dev xor with it adds 128 to every int8 byte: [-128, 127] -> [0, 255] (as in IntegerDense).
    uint256 private constant _BIAS = 0x8080808080808080808080808080808080808080808080808080808080808080;
    uint256 private constant _LANE_BYTE = 0x000000ff000000ff000000ff000000ff000000ff000000ff000000ff000000ff;
    uint256 private constant _LOW_32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    uint256 private constant _LOW_64 = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    uint256 private constant _LANE_ONES = 0x0000000100000001000000010000000100000001000000010000000100000001;

    /// @notice The filter does not have `Cin*kh*kw` bytes.
    error IntegerSpatialFilterLength(uint256 expected, uint256 length);
    /// @notice The input does not have the layer's `C*H*W` elements.
    error IntegerSpatialInputLength(uint256 expected, uint256 length);
    /// @notice An add layer's multipliers or shift are outside the spec (1 <= Ma, Mb < 2^31, 1 <= s <= 62).
    error IntegerSpatialBadRequantization(uint256 Ma, uint256 Mb, uint256 s);
    /// @notice Output position (oy, ox) is outside the layer's output (Ho, Wo), or the shape has no output.
    error IntegerSpatialOutOfRange(uint256 oy, uint256 ox);

    // ---------------------------------------------------------------- conv2d

    /// @notice Output element (co, oy, ox) of a conv2d layer, where `filter` is output channel co's
    /// `Cin*kh*kw` weights ([Cin][kh][kw]) and `bias` its bias:
    /// `acc = bias + sum_{ci,ky,kx} w[ci][ky][kx] * x[ci][oy*stride+ky-pad][ox*stride+kx-pad]`
    /// (zero outside the input), ReLU if flagged, then `clamp8(floor((acc*M + 2^(s-1)) / 2^s))`.
    /// @dev The window is gathered into a zeroed memory buffer in the filter's order (one copy of
    /// at most kw bytes per (ci, ky), clipped at the borders, so padding stays zero), then one
    /// SWAR dot product against the filter, as `IntegerDense.dot`.
    function convElement(bytes calldata x, Conv memory c, bytes calldata filter, int256 bias, uint256 oy, uint256 ox)
        internal
        pure
        returns (int8)
    {
        if (x.length != c.Cin * c.H * c.W) revert IntegerSpatialInputLength(c.Cin * c.H * c.W, x.length);
        uint256 n = c.Cin * c.kh * c.kw;
        if (filter.length != n) revert IntegerSpatialFilterLength(n, filter.length);
        _checkConvPosition(c, oy, ox);
        uint256 buffer = _gatherWindow(x, c, oy, ox, n);
        return IntegerDense.requantize(bias + _dotWindow(buffer, filter, n), c.M, c.s, c.relu);
    }

    /// @dev Copies the window of output (oy, ox) into fresh memory, in [Cin][kh][kw] order, zeros
    /// where it hangs over the border. Returns the buffer's address (n bytes). The rows and columns
    /// of the window inside the input are worked out once, so the copy loop has no bounds checks.
    function _gatherWindow(bytes calldata x, Conv memory c, uint256 oy, uint256 ox, uint256 n)
        private
        pure
        returns (uint256 buffer)
    {
        assembly ("memory-safe") {
            buffer := mload(0x40)
            // Zero the buffer: copying from past the end of calldata yields zeros.
            calldatacopy(buffer, calldatasize(), n)
            // Round up to a word, plus one word of slack: the dot reads whole words.
            mstore(0x40, add(buffer, and(add(n, 63), not(31))))
        }
        // Window rows ky in [kyFrom, kyTo) and columns kx in [kxFrom, kxTo) fall inside the input
        // (input row = oy*stride + ky - pad, column = ox*stride + kx - pad).
        (uint256 kyFrom, uint256 kyTo) = _inside(oy * c.stride, c.kh, c.H, c.pad);
        (uint256 kxFrom, uint256 kxTo) = _inside(ox * c.stride, c.kw, c.W, c.pad);
        if (kyFrom >= kyTo || kxFrom >= kxTo) return buffer;
        uint256 src;
        assembly ("memory-safe") {
            src := x.offset
        }
        src += (oy * c.stride + kyFrom - c.pad) * c.W + ox * c.stride + kxFrom - c.pad;
        uint256 dst = buffer + kyFrom * c.kw + kxFrom;
        _copyRows(src, dst, c, kyTo - kyFrom, kxTo - kxFrom);
    }

    /// @dev The kernel offsets k in [from, to) whose padded coordinate `start + k` is inside
    /// [pad, size + pad), i.e. whose input coordinate `start + k - pad` is in [0, size).
    function _inside(uint256 start, uint256 kernel, uint256 size, uint256 pad)
        private
        pure
        returns (uint256 from, uint256 to)
    {
        from = start < pad ? pad - start : 0;
        if (start >= size + pad) return (from, 0);
        to = start + kernel <= size + pad ? kernel : size + pad - start;
    }

    /// @dev For every input channel, copies `rows` rows of `segment` bytes from calldata `src`
    /// (rows W apart, channels H*W apart) to memory `dst` (rows kw apart, channels kh*kw apart).
    function _copyRows(uint256 src, uint256 dst, Conv memory c, uint256 rows, uint256 segment) private pure {
        uint256 W = c.W;
        uint256 kw = c.kw;
        uint256 srcPlane = c.H * W;
        uint256 dstPlane = c.kh * kw;
        uint256 cin = c.Cin;
        assembly ("memory-safe") {
            for { let ci := 0 } lt(ci, cin) { ci := add(ci, 1) } {
                let s := add(src, mul(ci, srcPlane))
                let d := add(dst, mul(ci, dstPlane))
                for { let end := add(d, mul(rows, kw)) } lt(d, end) { d := add(d, kw) } {
                    calldatacopy(d, s, segment)
                    s := add(s, W)
                }
            }
        }
    }

    /// @dev `sum_k window[k] * w[k]` over n int8 bytes, the window at memory `buffer` and `w` in
    /// calldata: `IntegerDense.dot`'s SWAR (see its NatSpec for why it is exact), reading the window
    /// with `mload`. Exact for n <= 65536; the conv bound is Cin*kh*kw <= 1024.
    function _dotWindow(uint256 buffer, bytes calldata w, uint256 n) private pure returns (int256 result) {
        assembly ("memory-safe") {
            let products := 0
            let sums := 0
            let delta := sub(w.offset, buffer)
            for {
                let p := buffer
                let end := add(buffer, n)
            } lt(p, end) { p := add(p, 32) } {
                let keep := not(shr(shl(3, sub(end, p)), not(0)))
                let a := and(xor(mload(p), _BIAS), keep)
                let b := and(xor(calldataload(add(p, delta)), _BIAS), keep)
                b := or(and(shr(32, b), _LOW_32), shl(32, and(b, _LOW_32)))
                b := or(and(shr(64, b), _LOW_64), shl(64, and(b, _LOW_64)))
                b := or(shr(128, b), shl(128, b))
                let a0 := and(a, _LANE_BYTE)
                let a1 := and(shr(8, a), _LANE_BYTE)
                let a2 := and(shr(16, a), _LANE_BYTE)
                let a3 := and(shr(24, a), _LANE_BYTE)
                let b0 := and(b, _LANE_BYTE)
                let b1 := and(shr(8, b), _LANE_BYTE)
                let b2 := and(shr(16, b), _LANE_BYTE)
                let b3 := and(shr(24, b), _LANE_BYTE)
                products := add(products, add(add(mul(a0, b0), mul(a1, b1)), add(mul(a2, b2), mul(a3, b3))))
                sums := add(sums, add(add(add(a0, a1), add(a2, a3)), add(add(b0, b1), add(b2, b3))))
            }
            sums := shr(224, mul(sums, _LANE_ONES))
            result := add(sub(shr(224, products), shl(7, sums)), shl(14, n))
        }
    }

    /// @dev Reverts unless (oy, ox) is inside the conv output: `Ho = floor((H + 2 pad - kh)/stride) + 1`.
    function _checkConvPosition(Conv memory c, uint256 oy, uint256 ox) private pure {
        if (c.stride == 0 || c.H + 2 * c.pad < c.kh || c.W + 2 * c.pad < c.kw) revert IntegerSpatialOutOfRange(oy, ox);
        if (oy > (c.H + 2 * c.pad - c.kh) / c.stride || ox > (c.W + 2 * c.pad - c.kw) / c.stride) {
            revert IntegerSpatialOutOfRange(oy, ox);
        }
    }

    /// @notice The plain definition of `convElement` (for tests and as documentation).
    function convElementReference(
        bytes memory x,
        Conv memory c,
        bytes memory filter,
        int256 bias,
        uint256 oy,
        uint256 ox
    ) internal pure returns (int8) {
        if (x.length != c.Cin * c.H * c.W) revert IntegerSpatialInputLength(c.Cin * c.H * c.W, x.length);
        if (filter.length != c.Cin * c.kh * c.kw) {
            revert IntegerSpatialFilterLength(c.Cin * c.kh * c.kw, filter.length);
        }
        _checkConvPosition(c, oy, ox);
        int256 acc = bias;
        // One filter tap at a time, i = (ci*kh + ky)*kw + kx; taps over the padding add nothing.
        for (uint256 i; i < filter.length; ++i) {
            (bool inside, uint256 at) = _tapReference(c, oy, ox, i);
            if (inside) acc += int256(int8(uint8(x[at]))) * int256(int8(uint8(filter[i])));
        }
        return IntegerDense.requantize(acc, c.M, c.s, c.relu);
    }

    /// @dev Whether filter tap `i` of output (oy, ox) falls inside the input, and at which index.
    function _tapReference(Conv memory c, uint256 oy, uint256 ox, uint256 i) private pure returns (bool, uint256) {
        uint256 ci = i / (c.kh * c.kw);
        uint256 py = oy * c.stride + (i / c.kw) % c.kh; // row in padded coordinates
        uint256 px = ox * c.stride + i % c.kw;
        if (py < c.pad || px < c.pad || py - c.pad >= c.H || px - c.pad >= c.W) return (false, 0);
        return (true, (ci * c.H + py - c.pad) * c.W + px - c.pad);
    }

    // ---------------------------------------------------------------- pools

    /// @notice Output element (ch, oy, ox) of a max pool: the largest int8 of the kh x kw window
    /// at (oy*stride, ox*stride) of channel ch (no padding).
    function maxPoolElement(bytes calldata x, Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        internal
        pure
        returns (int8 best)
    {
        uint256 base = _poolWindowBase(x.length, p, ch, oy, ox);
        best = type(int8).min;
        uint256 W = p.W;
        for (uint256 ky; ky < p.kh; ++ky) {
            uint256 row = base + ky * W;
            for (uint256 kx; kx < p.kw; ++kx) {
                int8 v = int8(uint8(x[row + kx]));
                if (v > best) best = v;
            }
        }
    }

    /// @notice Output element (ch, oy, ox) of an average pool: `floor((2*sum + count) / (2*count))`
    /// over the kh x kw window (round half up of the mean; floor also for negative sums).
    function avgPoolElement(bytes calldata x, Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        internal
        pure
        returns (int8)
    {
        uint256 base = _poolWindowBase(x.length, p, ch, oy, ox);
        int256 sum;
        uint256 W = p.W;
        for (uint256 ky; ky < p.kh; ++ky) {
            uint256 row = base + ky * W;
            for (uint256 kx; kx < p.kw; ++kx) {
                sum += int8(uint8(x[row + kx]));
            }
        }
        return roundedMean(sum, p.kh * p.kw);
    }

    /// @notice `floor((2*sum + count) / (2*count))` for `sum >= -128*count`, `count >= 1`.
    /// @dev Shifted by 256 * (2*count) so the division is of a non-negative number, where truncation
    /// is the floor; the shift comes off exactly afterwards.
    function roundedMean(int256 sum, uint256 count) internal pure returns (int8) {
        uint256 shifted = uint256(2 * sum + int256(count) + int256(512 * count));
        return int8(int256(shifted / (2 * count)) - 256);
    }

    /// @dev The input index of the window's top-left element; reverts on a wrong input length or a
    /// position outside the pool's output `Ho = floor((H - kh)/stride) + 1`.
    function _poolWindowBase(uint256 length, Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        private
        pure
        returns (uint256)
    {
        if (length != p.C * p.H * p.W) revert IntegerSpatialInputLength(p.C * p.H * p.W, length);
        if (
            p.stride == 0 || p.kh == 0 || p.kw == 0 || p.kh > p.H || p.kw > p.W || ch >= p.C
                || oy > (p.H - p.kh) / p.stride || ox > (p.W - p.kw) / p.stride
        ) revert IntegerSpatialOutOfRange(oy, ox);
        return (ch * p.H + oy * p.stride) * p.W + ox * p.stride;
    }

    /// @notice The plain definition of `maxPoolElement`.
    function maxPoolElementReference(bytes memory x, Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        internal
        pure
        returns (int8 best)
    {
        _poolWindowBase(x.length, p, ch, oy, ox);
        best = -128;
        for (uint256 ky; ky < p.kh; ++ky) {
            for (uint256 kx; kx < p.kw; ++kx) {
                int8 v = int8(uint8(x[(ch * p.H + oy * p.stride + ky) * p.W + ox * p.stride + kx]));
                if (v > best) best = v;
            }
        }
    }

    /// @notice The plain definition of `avgPoolElement`: the floor of the rounded mean by a
    /// truncating division plus a correction (as the ONNX graph computes it), not by a shift.
    function avgPoolElementReference(bytes memory x, Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        internal
        pure
        returns (int8)
    {
        _poolWindowBase(x.length, p, ch, oy, ox);
        int256 sum;
        for (uint256 ky; ky < p.kh; ++ky) {
            for (uint256 kx; kx < p.kw; ++kx) {
                sum += int8(uint8(x[(ch * p.H + oy * p.stride + ky) * p.W + ox * p.stride + kx]));
            }
        }
        int256 num = 2 * sum + int256(p.kh * p.kw);
        int256 den = int256(2 * p.kh * p.kw);
        int256 q = num / den;
        if (num % den != 0 && num < 0) q -= 1;
        return int8(q);
    }

    // ---------------------------------------------------------------- add

    /// @notice One element of a residual add: `acc = a*Ma + b*Mb`, ReLU if flagged, then
    /// `clamp8(floor((acc + 2^(s-1)) / 2^s))` (an arithmetic shift is the floor).
    function addElement(int8 a, int8 b, uint256 Ma, uint256 Mb, uint256 s, bool relu) internal pure returns (int8) {
        if (
            Ma == 0 || Ma > IntegerDense.MAX_MULTIPLIER || Mb == 0 || Mb > IntegerDense.MAX_MULTIPLIER || s == 0
                || s > IntegerDense.MAX_SHIFT
        ) revert IntegerSpatialBadRequantization(Ma, Mb, s);
        int256 acc = int256(a) * int256(Ma) + int256(b) * int256(Mb);
        if (relu && acc < 0) acc = 0;
        int256 y = (acc + int256(1 << (s - 1))) >> s;
        if (y > type(int8).max) return type(int8).max;
        if (y < type(int8).min) return type(int8).min;
        return int8(y);
    }

    /// @notice The plain definition of `addElement`, flooring by division plus a correction.
    function addElementReference(int8 a, int8 b, uint256 Ma, uint256 Mb, uint256 s, bool relu)
        internal
        pure
        returns (int8)
    {
        int256 acc = int256(a) * int256(Ma) + int256(b) * int256(Mb);
        if (relu && acc < 0) acc = 0;
        int256 num = acc + int256(2 ** (s - 1));
        int256 den = int256(2 ** s);
        int256 q = num / den;
        if (num % den != 0 && num < 0) q -= 1;
        if (q > 127) return 127;
        if (q < -128) return -128;
        return int8(q);
    }
}
