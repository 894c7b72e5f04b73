// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IntegerSpatial} from "../../src/libraries/IntegerSpatial.sol";
import {DenseModel} from "./utils/DenseModel.sol";
import {IntegerSpatialHarness} from "./utils/IntegerSpatialHarness.sol";

/// @notice The fast spatial executor against its plain definitions: random shapes within the spec
/// (stride, padding, non-square kernels, channels), extreme bytes and biases for saturation, small
/// multipliers for negative accumulators with odd rounding, and every position of small layers
/// (so every padding border).
contract DisputeIntegerSpatialTest is Test {
    IntegerSpatialHarness internal harness;

    function setUp() public {
        harness = new IntegerSpatialHarness();
    }

    /// @dev `n` bytes from `seed`; `mode` 1 makes every byte -128, 2 every byte 127, 3 each one of the two.
    function _vector(bytes32 seed, uint256 n, uint256 mode) internal pure returns (bytes memory v) {
        v = DenseModel.randomBytes(seed, n);
        if (mode == 0) return v;
        for (uint256 i; i < n; ++i) {
            if (mode == 1) v[i] = 0x80;
            else if (mode == 2) v[i] = 0x7f;
            else v[i] = uint8(v[i]) & 1 == 0 ? bytes1(0x80) : bytes1(0x7f);
        }
    }

    function _conv(uint256 seed) internal pure returns (IntegerSpatial.Conv memory c) {
        c.kh = 1 + seed % 7;
        c.kw = 1 + (seed >> 8) % 7;
        c.Cin = 1 + (seed >> 16) % (1024 / (c.kh * c.kw) < 12 ? 1024 / (c.kh * c.kw) : 12);
        c.pad = (seed >> 24) % (c.kh < c.kw ? c.kh : c.kw);
        c.stride = 1 + (seed >> 32) % 8;
        // Inputs at least as large as the kernel minus the padding, up to 13 wide.
        c.H = (c.kh > 2 * c.pad ? c.kh - 2 * c.pad : 1) + (seed >> 40) % 9;
        c.W = (c.kw > 2 * c.pad ? c.kw - 2 * c.pad : 1) + (seed >> 48) % 9;
        c.s = 1 + (seed >> 56) % 40;
        // Multipliers from 1 (most outputs round near zero, negatives included) to 2^31 - 1 (saturation).
        uint256 m = (seed >> 64) % 4;
        c.M = m == 0 ? 1 : m == 1 ? 2 ** 31 - 1 : 1 + (seed >> 72) % (2 ** 20);
        c.relu = (seed >> 100) % 2 == 0;
    }

    function _outSize(uint256 size, uint256 kernel, uint256 stride, uint256 pad) internal pure returns (uint256) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    function testFuzz_convElement_matchesReference(uint256 seed, uint8 modeX, uint8 modeW, uint256 oy, uint256 ox)
        public
        view
    {
        IntegerSpatial.Conv memory c = _conv(seed);
        bytes memory x = _vector(keccak256(abi.encode(seed, "x")), c.Cin * c.H * c.W, modeX % 4);
        bytes memory w = _vector(keccak256(abi.encode(seed, "w")), c.Cin * c.kh * c.kw, modeW % 4);
        int256 bias = seed % 5 == 0 ? (seed % 2 == 0 ? int256(2 ** 30) : -int256(2 ** 30)) : int256(seed % 2001) - 1000;
        oy = bound(oy, 0, _outSize(c.H, c.kh, c.stride, c.pad) - 1);
        ox = bound(ox, 0, _outSize(c.W, c.kw, c.stride, c.pad) - 1);
        assertEq(harness.convElement(x, c, w, bias, oy, ox), harness.convElementReference(x, c, w, bias, oy, ox));
    }

    /// @dev Every output position of a few padded, strided, non-square layers: every border.
    function test_convElement_everyPosition() public view {
        for (uint256 t; t < 6; ++t) {
            IntegerSpatial.Conv memory c = _conv(uint256(keccak256(abi.encode("every", t))));
            (c.pad, c.kh, c.kw) = (t % 3, 3 + t % 3, 5 - t % 3);
            (c.H, c.W, c.stride) = (4 + t, 9 - t, 1 + t % 3);
            bytes memory x = _vector(keccak256(abi.encode(t, "x")), c.Cin * c.H * c.W, t % 4);
            bytes memory w = _vector(keccak256(abi.encode(t, "w")), c.Cin * c.kh * c.kw, 0);
            for (uint256 oy; oy < _outSize(c.H, c.kh, c.stride, c.pad); ++oy) {
                for (uint256 ox; ox < _outSize(c.W, c.kw, c.stride, c.pad); ++ox) {
                    assertEq(
                        harness.convElement(x, c, w, -77, oy, ox), harness.convElementReference(x, c, w, -77, oy, ox)
                    );
                }
            }
        }
    }

    /// @dev The largest window the spec allows (Cin*kh*kw = 1024), all-extreme bytes: the SWAR
    /// lanes at their largest; the result saturates both ways.
    function test_convElement_largestWindowSaturates() public view {
        IntegerSpatial.Conv memory c =
            IntegerSpatial.Conv({Cin: 64, H: 4, W: 4, kh: 4, kw: 4, stride: 1, pad: 0, M: 1, s: 1, relu: false});
        bytes memory low = _vector(bytes32(0), 1024, 1);
        bytes memory high = _vector(bytes32(0), 1024, 2);
        // 1024 * (-128 * -128) = 2^24, and (2^24 * 1 + 1) >> 1 saturates at 127.
        assertEq(harness.convElement(low, c, low, 0, 0, 0), 127);
        assertEq(harness.convElementReference(low, c, low, 0, 0, 0), 127);
        assertEq(harness.convElement(low, c, high, 0, 0, 0), -128);
        // A zero-sum window: only the bias, -3 with s = 1: floor((-3 + 1) / 2) = -1.
        c.M = 1;
        bytes memory zero = new bytes(1024);
        assertEq(harness.convElement(zero, c, high, -3, 0, 0), -1);
        assertEq(harness.convElementReference(zero, c, high, -3, 0, 0), -1);
    }

    function test_convElement_RevertWhen_filterLengthMismatch() public {
        IntegerSpatial.Conv memory c = _conv(1);
        bytes memory x = new bytes(c.Cin * c.H * c.W);
        uint256 n = c.Cin * c.kh * c.kw;
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialFilterLength.selector, n, n + 1));
        harness.convElement(x, c, new bytes(n + 1), 0, 0, 0);
    }

    function test_convElement_RevertWhen_inputLengthMismatch() public {
        IntegerSpatial.Conv memory c = _conv(1);
        uint256 size = c.Cin * c.H * c.W;
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialInputLength.selector, size, size - 1));
        harness.convElement(new bytes(size - 1), c, new bytes(c.Cin * c.kh * c.kw), 0, 0, 0);
    }

    function test_convElement_RevertWhen_positionOutOfRange() public {
        IntegerSpatial.Conv memory c =
            IntegerSpatial.Conv({Cin: 1, H: 5, W: 5, kh: 3, kw: 3, stride: 2, pad: 1, M: 1, s: 1, relu: false});
        // Ho = Wo = floor((5 + 2 - 3) / 2) + 1 = 3.
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialOutOfRange.selector, 3, 0));
        harness.convElement(new bytes(25), c, new bytes(9), 0, 3, 0);
    }

    // ---------------------------------------------------------------- pools

    function _pool(uint256 seed) internal pure returns (IntegerSpatial.Pool memory p) {
        p.kh = 1 + seed % 6;
        p.kw = 1 + (seed >> 8) % 6;
        p.stride = 1 + (seed >> 16) % 8;
        p.C = 1 + (seed >> 24) % 4;
        p.H = p.kh + (seed >> 32) % 8;
        p.W = p.kw + (seed >> 40) % 8;
    }

    function testFuzz_poolElements_matchReference(uint256 seed, uint8 mode, uint256 ch, uint256 oy, uint256 ox)
        public
        view
    {
        IntegerSpatial.Pool memory p = _pool(seed);
        bytes memory x = _vector(keccak256(abi.encode(seed, "x")), p.C * p.H * p.W, mode % 4);
        ch = bound(ch, 0, p.C - 1);
        oy = bound(oy, 0, (p.H - p.kh) / p.stride);
        ox = bound(ox, 0, (p.W - p.kw) / p.stride);
        assertEq(harness.maxPoolElement(x, p, ch, oy, ox), harness.maxPoolElementReference(x, p, ch, oy, ox));
        assertEq(harness.avgPoolElement(x, p, ch, oy, ox), harness.avgPoolElementReference(x, p, ch, oy, ox));
    }

    /// @dev Means at exact halves round up, negative ones too: 1.5 -> 2, -1.5 -> -1, -0.5 -> 0,
    /// and -2.5 -> -2; the extremes stay in int8.
    function test_avgPoolElement_roundsHalvesUp() public view {
        IntegerSpatial.Pool memory p = IntegerSpatial.Pool({C: 1, H: 1, W: 2, kh: 1, kw: 2, stride: 1});
        assertEq(harness.avgPoolElement(hex"0102", p, 0, 0, 0), 2);
        assertEq(harness.avgPoolElement(hex"fffe", p, 0, 0, 0), -1);
        assertEq(harness.avgPoolElement(hex"ff00", p, 0, 0, 0), 0);
        assertEq(harness.avgPoolElement(hex"fefd", p, 0, 0, 0), -2);
        assertEq(harness.avgPoolElement(hex"8080", p, 0, 0, 0), -128);
        assertEq(harness.avgPoolElement(hex"7f7f", p, 0, 0, 0), 127);
        assertEq(harness.avgPoolElement(hex"807f", p, 0, 0, 0), 0); // -0.5 -> 0
        assertEq(harness.maxPoolElement(hex"8080", p, 0, 0, 0), -128);
        assertEq(harness.maxPoolElement(hex"fe7f", p, 0, 0, 0), 127);
    }

    function test_poolElement_RevertWhen_positionOutOfRange() public {
        IntegerSpatial.Pool memory p = IntegerSpatial.Pool({C: 2, H: 4, W: 4, kh: 2, kw: 2, stride: 2});
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialOutOfRange.selector, 0, 0));
        harness.maxPoolElement(new bytes(32), p, 2, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialOutOfRange.selector, 0, 2));
        harness.avgPoolElement(new bytes(32), p, 0, 0, 2);
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialInputLength.selector, 32, 31));
        harness.avgPoolElement(new bytes(31), p, 0, 0, 0);
    }

    // ---------------------------------------------------------------- add

    function testFuzz_addElement_matchesReference(int8 a, int8 b, uint256 Ma, uint256 Mb, uint256 s, bool relu)
        public
        view
    {
        Ma = bound(Ma, 1, 2 ** 31 - 1);
        Mb = bound(Mb, 1, 2 ** 31 - 1);
        s = bound(s, 1, 62);
        assertEq(harness.addElement(a, b, Ma, Mb, s, relu), harness.addElementReference(a, b, Ma, Mb, s, relu));
    }

    /// @dev Small multipliers: negative sums with odd rounding.
    function testFuzz_addElement_smallMultipliers(int8 a, int8 b, uint8 Ma, uint8 Mb, uint8 s) public view {
        uint256 ma = bound(Ma, 1, 8);
        uint256 mb = bound(Mb, 1, 8);
        uint256 sh = bound(s, 1, 4);
        assertEq(harness.addElement(a, b, ma, mb, sh, false), harness.addElementReference(a, b, ma, mb, sh, false));
    }

    function test_addElement_examples() public view {
        // (-3*1 + 0) = -3, s = 1: floor((-3 + 1) / 2) = -1.
        assertEq(harness.addElement(-3, 0, 1, 1, 1, false), -1);
        // relu: a negative sum is 0.
        assertEq(harness.addElement(-3, -5, 7, 9, 2, true), 0);
        // saturation both ways.
        assertEq(harness.addElement(127, 127, 2 ** 31 - 1, 2 ** 31 - 1, 1, false), 127);
        assertEq(harness.addElement(-128, -128, 2 ** 31 - 1, 2 ** 31 - 1, 1, false), -128);
    }

    function test_addElement_RevertWhen_badRequantization() public {
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialBadRequantization.selector, 0, 1, 1));
        harness.addElement(1, 1, 0, 1, 1, false);
        vm.expectRevert(abi.encodeWithSelector(IntegerSpatial.IntegerSpatialBadRequantization.selector, 1, 1, 63));
        harness.addElement(1, 1, 1, 1, 63, false);
    }
}
