// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The one-step executor of integer dense layers
/// @notice Computes one output element of a dense layer exactly as docs/model-format.md defines it:
/// `acc = b + sum_k W[k] * x[k]` over int8 bytes, ReLU if flagged, then
/// `y = clamp(floor((acc * M + 2^(s-1)) / 2^s), -128, 127)`.
/// `dot` is the fast path (SWAR, ~10 gas per multiply-accumulate); `dotReference` and
/// `neuronReference` are the plain definitions the fast path is fuzzed against.
library IntegerDense {
    /// @notice Longest vector `dot` handles exactly (see the lane bound in `dot`); the spec stops at 4096.
    uint256 internal constant MAX_LENGTH = 65536;
    /// @notice Spec bounds of the requantization: `1 <= M < 2^31`, `1 <= s <= 62`.
    uint256 internal constant MAX_MULTIPLIER = 2 ** 31 - 1;
    uint256 internal constant MAX_SHIFT = 62;

    /// @dev xor with it adds 128 to every int8 byte: [-128, 127] -> [0, 255].
    uint256 private constant _BIAS = 0x8080808080808080808080808080808080808080808080808080808080808080;
    /// @dev The low byte of each 32-bit lane.
    uint256 private constant _LANE_BYTE = 0x000000ff000000ff000000ff000000ff000000ff000000ff000000ff000000ff;
    /// @dev The low 32 bits of each 64-bit unit, and the low 64 bits of each 128-bit half.
    uint256 private constant _LOW_32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    uint256 private constant _LOW_64 = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    /// @dev A 1 in each 32-bit lane: multiplying by it adds all lanes up into lane 7.
    uint256 private constant _LANE_ONES = 0x0000000100000001000000010000000100000001000000010000000100000001;

    /// @notice The input vector and the weight row have different lengths.
    error IntegerDenseLengthMismatch(uint256 inputLength, uint256 rowLength);
    /// @notice The vectors are longer than `max`, past which the SWAR lanes could overflow.
    error IntegerDenseTooLong(uint256 length, uint256 max);
    /// @notice The multiplier or the shift is outside the spec's bounds.
    error IntegerDenseBadRequantization(uint256 multiplier, uint256 shift);

    /// @notice Output element `y_j` of a dense layer from its input `x`, its weight row `row` and
    /// bias `bias`, its requantization `M`, `s` and its ReLU flag.
    function neuron(bytes calldata x, bytes calldata row, int256 bias, uint256 M, uint256 s, bool relu)
        internal
        pure
        returns (int8)
    {
        return requantize(bias + dot(x, row), M, s, relu);
    }

    /// @notice ReLU (if flagged), then `clamp(floor((acc * M + 2^(s-1)) / 2^s), -128, 127)`.
    function requantize(int256 acc, uint256 M, uint256 s, bool relu) internal pure returns (int8) {
        if (M == 0 || M > MAX_MULTIPLIER || s == 0 || s > MAX_SHIFT) revert IntegerDenseBadRequantization(M, s);
        if (relu && acc < 0) acc = 0;
        // `>>` on a signed integer is an arithmetic shift, which rounds toward negative infinity:
        // the floor the spec pins (truncating division would differ on negative values).
        int256 y = (acc * int256(M) + int256(1 << (s - 1))) >> s;
        if (y > type(int8).max) return type(int8).max;
        if (y < type(int8).min) return type(int8).min;
        return int8(y);
    }

    /// @notice `sum_k x[k] * w[k]` over two vectors of int8 (two's-complement bytes), exact.
    /// @dev SWAR: every byte is biased to unsigned, `u = v xor 0x80 = v + 128` in [0, 255], and
    /// spread into a 32-bit lane; one 256-bit MUL of eight lanes of x by eight lanes of w in reverse
    /// order puts the eight-term dot product `sum ux*uw` in the top lane (lane 7), since lane m of
    /// the product collects `sum_{t+u=m} a_t * b_u` and lanes above 7 fall off mod 2^256. Then
    /// `sum x*w = sum (ux-128)(uw-128) = sum ux*uw - 128 sum ux - 128 sum uw + 16384 n`.
    ///
    /// Why it is exact: the products of all words are added into one accumulator, so every lane
    /// must stay below 2^32 for the whole vector, or it would carry into the lane above. Lane 7
    /// collects one term `ux*uw <= 255^2 = 65025` per byte: at most `n * 65025`; a lower lane
    /// collects at most 7 of every 8 terms. With `n <= 65536`, `n * 65025 < 2^32 = 4294967296`,
    /// so no lane ever carries, lanes 0..6 together stay below 2^224 and `acc >> 224` is exactly
    /// `sum ux*uw`. The correction needs only `sum ux + sum uw`, kept in 32-bit lanes (at most
    /// `2 * 255 * n / 8` per lane, `510 * n` in all) and added up by one MUL with eight 1-lanes at
    /// the end, under the same argument. Padding bytes of the last word are masked to 0 after the bias, so they add
    /// nothing to any sum.
    ///
    /// Lane order: for a word with bytes p = 0..31 (0 most significant), part c (c = 0..3) holds
    /// in lane t (0 least significant) the byte at bit 32t + 8c, which is byte `31 - 4t - c`.
    /// Reversing w's eight 4-byte groups first puts byte `4t + 3 - c` there instead, which is the
    /// byte that x's part c holds in lane `7 - t`: exactly the pairing the MUL needs.
    function dot(bytes calldata x, bytes calldata w) internal pure returns (int256 result) {
        uint256 n = x.length;
        if (w.length != n) revert IntegerDenseLengthMismatch(n, w.length);
        if (n > MAX_LENGTH) revert IntegerDenseTooLong(n, MAX_LENGTH);
        assembly ("memory-safe") {
            let products := 0 // lane 7: sum of ux * uw
            let sums := 0 // each 32-bit lane: a share of sum ux + sum uw
            let px := x.offset
            let delta := sub(w.offset, px)
            for { let end := add(px, n) } lt(px, end) { px := add(px, 32) } {
                // Bias to unsigned; calldataload reads past the vector's end on the last word, so
                // keep only the bytes still inside it (all 32 while 32 or more remain).
                let keep := not(shr(shl(3, sub(end, px)), not(0)))
                let a := and(xor(calldataload(px), _BIAS), keep)
                let b := and(xor(calldataload(add(px, delta)), _BIAS), keep)
                // Reverse the order of b's eight 4-byte groups (bytes inside a group keep their order).
                b := or(and(shr(32, b), _LOW_32), shl(32, and(b, _LOW_32)))
                b := or(and(shr(64, b), _LOW_64), shl(64, and(b, _LOW_64)))
                b := or(shr(128, b), shl(128, b))
                // Part c (c = 0..3) holds byte c (from the low end) of every 4-byte group, one per
                // 32-bit lane: shifted down by 8c bits and masked.
                let a0 := and(a, _LANE_BYTE)
                let a1 := and(shr(8, a), _LANE_BYTE)
                let a2 := and(shr(16, a), _LANE_BYTE)
                let a3 := and(shr(24, a), _LANE_BYTE)
                let b0 := and(b, _LANE_BYTE)
                let b1 := and(shr(8, b), _LANE_BYTE)
                let b2 := and(shr(16, b), _LANE_BYTE)
                let b3 := and(shr(24, b), _LANE_BYTE)
                products := add(products, add(add(mul(a0, b0), mul(a1, b1)), add(mul(a2, b2), mul(a3, b3))))
                // Only sum ux + sum uw is needed: eight bytes meet in each lane, at most 2040 per word.
                sums := add(sums, add(add(add(a0, a1), add(a2, a3)), add(add(b0, b1), add(b2, b3))))
            }
            // Add up the eight lanes of `sums` into lane 7 (same no-carry argument as `products`).
            sums := shr(224, mul(sums, _LANE_ONES))
            // Every term is exact and |result| <= n * 2^14, so wrapping arithmetic gives the signed value.
            result := add(sub(shr(224, products), shl(7, sums)), shl(14, n))
        }
    }

    /// @notice The plain definition of `dot`, one byte at a time (for tests and as documentation).
    function dotReference(bytes memory x, bytes memory w) internal pure returns (int256 result) {
        if (w.length != x.length) revert IntegerDenseLengthMismatch(x.length, w.length);
        for (uint256 k; k < x.length; ++k) {
            result += int256(int8(uint8(x[k]))) * int256(int8(uint8(w[k])));
        }
    }

    /// @notice The plain definition of `neuron` (for tests and as documentation).
    function neuronReference(bytes memory x, bytes memory row, int256 bias, uint256 M, uint256 s, bool relu)
        internal
        pure
        returns (int8)
    {
        return requantize(bias + dotReference(x, row), M, s, relu);
    }
}
