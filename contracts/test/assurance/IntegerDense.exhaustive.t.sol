// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test, console} from "forge-std/Test.sol";
import {IntegerDense} from "../../src/libraries/IntegerDense.sol";
import {IntegerDenseHarness} from "../dispute/utils/Harnesses.sol";

/// @notice Runs the SWAR dot product over whole domains inside one call, so that forge's per-call
/// isolation does not make 65,536 calls 65,536 transactions. Returns how many cases disagreed.
contract DotSweep {
    IntegerDenseHarness internal immutable harness = new IntegerDenseHarness();

    /// @dev Every (a, b) in int8 x int8, as vectors of one byte: `dot` must be `a * b`.
    function everyPairAlone() external view returns (uint256 cases, uint256 wrong) {
        for (uint256 i; i < 65_536; ++i) {
            (bytes1 a, bytes1 b) = (bytes1(uint8(i >> 8)), bytes1(uint8(i)));
            if (harness.dot(abi.encodePacked(a), abi.encodePacked(b)) != _product(a, b)) wrong++;
            cases++;
        }
    }

    /// @dev Every (a, b) at each of the four bytes of 32-bit lane `lane` of a 32-byte word whose
    /// other bytes are 0 (which the bias turns into 128, so the other 31 bytes put real values in
    /// every lane, which must cancel exactly). Lane t holds bytes 28 - 4t .. 31 - 4t (IntegerDense.dot).
    function everyPairInLane(uint256 lane) external view returns (uint256 cases, uint256 wrong) {
        bytes memory x = new bytes(32);
        bytes memory w = new bytes(32);
        for (uint256 p = 28 - 4 * lane; p < 32 - 4 * lane; ++p) {
            for (uint256 i; i < 65_536; ++i) {
                (x[p], w[p]) = (bytes1(uint8(i >> 8)), bytes1(uint8(i)));
                if (harness.dot(x, w) != _product(x[p], w[p])) wrong++;
                cases++;
            }
            (x[p], w[p]) = (0, 0);
        }
    }

    /// @dev The pairing of positions: x one-hot at p, w one-hot at q (value `v` each, other bytes
    /// `fill`); the dot is `v * v + 31 * fill * fill` when p == q and `v * fill * 2 + 30 * fill * fill`
    /// otherwise. Every (p, q) of one word, for lengths 1..32 (the tail mask) and one word further.
    function everyPositionPair(int8 v, int8 fill) external view returns (uint256 cases, uint256 wrong) {
        for (uint256 n = 1; n <= 33; ++n) {
            for (uint256 p; p < n; ++p) {
                for (uint256 q; q < n; ++q) {
                    bytes memory x = _filled(n, fill);
                    bytes memory w = _filled(n, fill);
                    x[p] = bytes1(uint8(v));
                    w[q] = bytes1(uint8(v));
                    int256 f = fill;
                    int256 expected =
                        p == q ? int256(v) * v + int256(n - 1) * f * f : 2 * int256(v) * f + int256(n - 2) * f * f;
                    if (harness.dot(x, w) != expected) wrong++;
                    cases++;
                }
            }
        }
    }

    function _filled(uint256 n, int8 fill) private pure returns (bytes memory v) {
        v = new bytes(n);
        for (uint256 k; k < n; ++k) {
            v[k] = bytes1(uint8(fill));
        }
    }

    function _product(bytes1 a, bytes1 b) private pure returns (int256) {
        return int256(int8(uint8(a))) * int256(int8(uint8(b)));
    }
}

/// @title Exhaustive checks of the one-step executor's arithmetic
/// @notice The int8 lane arithmetic of `IntegerDense.dot` over every pair of operands at every byte
/// position, and the requantization over every output step of every shift the format allows,
/// against plain references (docs/proofs.md says what each covers and why that is the whole domain).
contract IntegerDenseExhaustiveTest is Test {
    DotSweep internal sweep;

    function setUp() public {
        sweep = new DotSweep();
    }

    // ---------------------------------------------------------------- dot

    function test_dot_everyInt8PairAlone() public view {
        (uint256 cases, uint256 wrong) = sweep.everyPairAlone();
        console.log("dot, vectors of one byte: int8 pairs checked", cases);
        assertEq(cases, 65_536);
        assertEq(wrong, 0, "dot differs from a * b");
    }

    /// @dev Every pair at every one of the 32 bytes of a word (2,097,152 cases), one lane (four
    /// bytes) per test so that each stays under forge's per-test gas limit and they run in parallel.
    function test_dot_everyInt8PairInLane0() public view {
        _everyPairInLane(0);
    }

    function test_dot_everyInt8PairInLane1() public view {
        _everyPairInLane(1);
    }

    function test_dot_everyInt8PairInLane2() public view {
        _everyPairInLane(2);
    }

    function test_dot_everyInt8PairInLane3() public view {
        _everyPairInLane(3);
    }

    function test_dot_everyInt8PairInLane4() public view {
        _everyPairInLane(4);
    }

    function test_dot_everyInt8PairInLane5() public view {
        _everyPairInLane(5);
    }

    function test_dot_everyInt8PairInLane6() public view {
        _everyPairInLane(6);
    }

    function test_dot_everyInt8PairInLane7() public view {
        _everyPairInLane(7);
    }

    function _everyPairInLane(uint256 lane) internal view {
        (uint256 cases, uint256 wrong) = sweep.everyPairInLane(lane);
        console.log("dot, 32-byte words: (int8 pair, byte) cases checked in lane", cases, lane);
        assertEq(cases, 4 * 65_536);
        assertEq(wrong, 0, "dot differs from a * b");
    }

    /// @dev Which byte of x meets which byte of w, for every (p, q) at every length of one word and
    /// one byte more (the tail mask), with the extreme values as the marker and as the filler.
    function test_dot_everyPositionPairing_minAmongMax() public view {
        _everyPositionPair(type(int8).min, type(int8).max);
    }

    function test_dot_everyPositionPairing_maxAmongMin() public view {
        _everyPositionPair(type(int8).max, type(int8).min);
    }

    function test_dot_everyPositionPairing_oneAmongZero() public view {
        _everyPositionPair(1, 0);
    }

    function _everyPositionPair(int8 v, int8 fill) internal view {
        (uint256 cases, uint256 wrong) = sweep.everyPositionPair(v, fill);
        console.log("dot, (p, q) position pairs over lengths 1..33", cases);
        assertEq(cases, 12_529); // sum of n^2 for n = 1..33
        assertEq(wrong, 0, "a byte of x met the wrong byte of w");
    }

    /// @dev The carry bound. Every lane of both accumulators is a sum of products (or of biased
    /// bytes) that are all >= 0, so each lane is largest when every biased byte is 255 (every
    /// element 127) at the longest length: if `dot` is exact there, no lane carried into lane 7 and
    /// lane 7 did not wrap, for that input, hence for every input of any length <= MAX_LENGTH.
    /// The other extremes (all -128: every biased byte 0; mixed) are checked too. One byte more is refused.
    function test_dot_carryBoundAtItsWorstCase() public {
        IntegerDenseHarness harness = new IntegerDenseHarness();
        uint256 n = IntegerDense.MAX_LENGTH;
        bytes memory max = _filled(n, type(int8).max);
        bytes memory min = _filled(n, type(int8).min);
        assertEq(harness.dot(max, max), int256(n) * 127 * 127);
        assertEq(harness.dot(min, min), int256(n) * 128 * 128);
        assertEq(harness.dot(max, min), -int256(n) * 127 * 128);
        assertEq(harness.dot(min, max), -int256(n) * 127 * 128);
        // The bound has slack: n * 255^2 < 2^32 at n = 65536.
        assertLt(n * 255 * 255, 2 ** 32);
        bytes memory tooLong = _filled(n + 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseTooLong.selector, n + 1, n));
        harness.dot(tooLong, tooLong);
    }

    // ---------------------------------------------------------------- requantize

    /// @dev The plain definition: floor by truncating division corrected toward negative infinity,
    /// as the ONNX graph and the TS reference do it, then the clamp. Independent of `>>`.
    function _reference(int256 q, uint256 s) internal pure returns (int256 y) {
        int256 d = int256(1 << s);
        int256 num = q + d / 2;
        y = num / d;
        if (num % d != 0 && num < 0) y -= 1;
        if (y > 127) y = 127;
        if (y < -128) y = -128;
    }

    /// @dev `requantize(acc, M, s)` depends on acc and M only through the exact product q = acc * M
    /// (checked int256 multiplication), and is a non-decreasing step function of q: floor of an
    /// increasing line, then a clamp. So it is pinned down everywhere by where each step starts
    /// and ends. For every shift 1..62 and every output y in [-128, 127], the step of y is
    /// q in [y * 2^s - 2^(s-1), (y + 1) * 2^s - 2^(s-1) - 1]: check both ends and their neighbours
    /// against y and against the plain reference, plus the clamped ends of the format's range
    /// (|acc| < 2^31, M < 2^31) and ReLU.
    function test_requantize_everyStepOfEveryShift() public pure {
        uint256 cases;
        for (uint256 s = 1; s <= IntegerDense.MAX_SHIFT; ++s) {
            int256 step = int256(1 << s);
            int256 half = step / 2;
            for (int256 y = -128; y <= 127; ++y) {
                int256 lo = y * step - half;
                int256 hi = lo + step - 1;
                int256[4] memory qs = [lo, lo + 1, hi - 1, hi];
                for (uint256 k; k < 4; ++k) {
                    int256 got = IntegerDense.requantize(qs[k], 1, s, false);
                    assertEq(got, y, "requantize left its step");
                    assertEq(got, _reference(qs[k], s), "requantize differs from the reference");
                    cases++;
                }
                // Just outside the step: the neighbouring output, or the clamp.
                assertEq(IntegerDense.requantize(lo - 1, 1, s, false), y == -128 ? y : y - 1);
                assertEq(IntegerDense.requantize(hi + 1, 1, s, false), y == 127 ? y : y + 1);
                cases += 2;
            }
            // The format's extremes: |acc| < 2^31 and M < 2^31.
            int256 accMax = 2 ** 31 - 1;
            uint256 mMax = IntegerDense.MAX_MULTIPLIER;
            assertEq(IntegerDense.requantize(accMax, mMax, s, false), _reference(accMax * int256(mMax), s));
            assertEq(IntegerDense.requantize(-accMax, mMax, s, false), _reference(-accMax * int256(mMax), s));
            assertEq(IntegerDense.requantize(-accMax, mMax, s, true), 0, "ReLU");
            assertEq(IntegerDense.requantize(-1, 1, s, true), 0, "ReLU");
            cases += 4;
        }
        console.log("requantize: step-boundary cases over shifts 1..62", cases);
    }

    /// @dev Literally every q whose output is not clamped, and at least half a step beyond each end, for the shifts
    /// where that is cheap: against the plain reference.
    function test_requantize_everyValueOfSmallShifts() public pure {
        uint256 cases;
        for (uint256 s = 1; s <= 8; ++s) {
            int256 step = int256(1 << s);
            for (int256 q = -129 * step; q <= 129 * step; ++q) {
                assertEq(IntegerDense.requantize(q, 1, s, false), _reference(q, s));
                cases++;
            }
        }
        console.log("requantize: every q in [-129 * 2^s, 129 * 2^s] for s = 1..8", cases);
    }

    function _filled(uint256 n, int8 fill) internal pure returns (bytes memory v) {
        v = new bytes(n);
        for (uint256 k; k < n; ++k) {
            v[k] = bytes1(uint8(fill));
        }
    }
}
