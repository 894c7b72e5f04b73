// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IntegerDense} from "../../src/libraries/IntegerDense.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {IntegerDenseHarness} from "./utils/Harnesses.sol";

contract DisputeIntegerDenseTest is Test {
    IntegerDenseHarness internal harness;

    function setUp() public {
        harness = new IntegerDenseHarness();
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

    // ---------------------------------------------------------------- dot

    function testFuzz_dot_matchesReference(bytes32 seed, uint256 n, uint8 modeX, uint8 modeW) public view {
        n = bound(n, 0, 1100);
        bytes memory x = _vector(keccak256(abi.encode(seed, "x")), n, modeX % 4);
        bytes memory w = _vector(keccak256(abi.encode(seed, "w")), n, modeW % 4);
        assertEq(harness.dot(x, w), harness.dotReference(x, w));
    }

    function testFuzz_dot_matchesReferenceOnRawBytes(bytes memory x) public view {
        bytes memory w = DenseModel.randomBytes(keccak256(x), x.length);
        assertEq(harness.dot(x, w), harness.dotReference(x, w));
    }

    /// @dev Every width from 0 to 96 (every tail length 0..31 three times), with every extreme pairing.
    function test_dot_everyTailLength() public view {
        for (uint256 n; n <= 96; ++n) {
            for (uint256 mode; mode < 16; ++mode) {
                bytes memory x = _vector(keccak256(abi.encode(n, mode, "x")), n, mode % 4);
                bytes memory w = _vector(keccak256(abi.encode(n, mode, "w")), n, mode / 4);
                assertEq(harness.dot(x, w), harness.dotReference(x, w));
            }
        }
    }

    /// @dev The extremes of the lane bound: all products 16384 (-128 * -128), all -16256, all 16129.
    function test_dot_extremesAtMaxLength() public view {
        uint256 n = IntegerDense.MAX_LENGTH;
        bytes memory min = _vector(bytes32(0), n, 1);
        bytes memory max = _vector(bytes32(0), n, 2);
        assertEq(harness.dot(min, min), int256(n) * 16384);
        assertEq(harness.dot(min, max), -int256(n) * 16256);
        assertEq(harness.dot(max, max), int256(n) * 16129);
    }

    function test_dot_specWidth4096() public view {
        bytes memory x = _vector("x", 4096, 0);
        bytes memory w = _vector("w", 4096, 0);
        assertEq(harness.dot(x, w), harness.dotReference(x, w));
        assertEq(harness.dot(_vector(bytes32(0), 4096, 1), _vector(bytes32(0), 4096, 1)), 4096 * 16384);
    }

    function test_dot_smallKnownValues() public view {
        assertEq(harness.dot(hex"", hex""), 0);
        assertEq(harness.dot(hex"ff", hex"02"), -2);
        assertEq(harness.dot(hex"80", hex"80"), 16384);
        assertEq(harness.dot(hex"807f", hex"7f80"), -2 * 16256);
        assertEq(harness.dot(hex"010203", hex"fffefd"), -(1 + 4 + 9));
    }

    /// @dev The bytes after a vector in calldata (here the other vector's) must not leak into the tail.
    function test_dot_ignoresCalldataPastTheEnd() public view {
        bytes memory x = hex"01";
        bytes memory w = hex"01";
        assertEq(harness.dot(x, w), 1);
        (bool ok, bytes memory ret) = address(harness)
            .staticcall(
                abi.encodePacked(
                    IntegerDenseHarness.dot.selector,
                    uint256(64),
                    uint256(128),
                    uint256(1),
                    bytes32(hex"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
                    uint256(1),
                    bytes32(hex"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
                )
            );
        assertTrue(ok);
        assertEq(abi.decode(ret, (int256)), 1);
    }

    function test_dot_RevertWhen_lengthsDiffer() public {
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseLengthMismatch.selector, 3, 2));
        harness.dot(hex"010203", hex"0102");
    }

    function test_dot_RevertWhen_tooLong() public {
        uint256 n = IntegerDense.MAX_LENGTH + 1;
        bytes memory v = new bytes(n);
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseTooLong.selector, n, IntegerDense.MAX_LENGTH));
        harness.dot(v, v);
    }

    // ---------------------------------------------------------------- requantize and neuron

    function test_requantize_floorsNegativeValues() public view {
        // acc * M + 2^(s-1) = -3 * 1 + 1 = -2, floor(-2 / 2) = -1; -5 + 1 = -4 -> -2; -2 + 1 = -1 -> floor(-0.5) = -1.
        assertEq(harness.requantize(-3, 1, 1, false), -1);
        assertEq(harness.requantize(-5, 1, 1, false), -2);
        assertEq(harness.requantize(-2, 1, 1, false), -1);
        // Truncation would give 0 here: (-7 * 1 + 2) / 4 = -1.25.
        assertEq(harness.requantize(-7, 1, 2, false), -2);
        // Half rounds up: (5 + 2) / 4 = 1.75 -> 1; (6 + 2) / 4 = 2.
        assertEq(harness.requantize(5, 1, 2, false), 1);
        assertEq(harness.requantize(6, 1, 2, false), 2);
    }

    function test_requantize_clampsAndRelu() public view {
        assertEq(harness.requantize(1000, 1, 1, false), 127);
        assertEq(harness.requantize(-1000, 1, 1, false), -128);
        assertEq(harness.requantize(-1000, 1, 1, true), 0);
        // (2^31 * (2^31 - 1) + 2^61) / 2^62 = 1.5 - 2^-31: floors to 1.
        assertEq(harness.requantize(int256(2 ** 31), 2 ** 31 - 1, 62, false), 1);
        assertEq(harness.requantize(-int256(2 ** 31), 2 ** 31 - 1, 1, false), -128);
    }

    function test_requantize_RevertWhen_outOfSpec() public {
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseBadRequantization.selector, 0, 1));
        harness.requantize(1, 0, 1, false);
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseBadRequantization.selector, 2 ** 31, 1));
        harness.requantize(1, 2 ** 31, 1, false);
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseBadRequantization.selector, 1, 0));
        harness.requantize(1, 1, 0, false);
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseBadRequantization.selector, 1, 63));
        harness.requantize(1, 1, 63, false);
    }

    /// @dev The library's neuron (SWAR + arithmetic shift) against the test executor (bytewise loop +
    /// truncating division corrected to the floor), on random layers.
    function testFuzz_neuron_matchesModelExecutor(uint256 seed, uint256 K, uint256 N, uint256 j) public view {
        K = bound(K, 1, 300);
        N = bound(N, 1, 4);
        j = bound(j, 0, N - 1);
        DenseLayer memory layer = DenseModel.randomLayer(seed, K, N, seed % 2 == 0);
        bytes memory x = DenseModel.randomBytes(keccak256(abi.encode(seed, "x")), K);
        int8 expected = DenseModel.neuronOf(layer, x, j);
        bytes memory row = DenseModel.row(layer, j);
        assertEq(harness.neuron(x, row, layer.bias[j], layer.M, layer.s, layer.relu), expected);
        assertEq(harness.neuronReference(x, row, layer.bias[j], layer.M, layer.s, layer.relu), expected);
    }

    function testFuzz_neuron_anyRequantization(bytes32 seed, uint256 K, int32 bias, uint32 M, uint8 s, bool relu)
        public
        view
    {
        K = bound(K, 1, 200);
        M = uint32(bound(M, 1, 2 ** 31 - 1));
        s = uint8(bound(s, 1, 62));
        bias = int32(bound(bias, -2 ** 30, 2 ** 30));
        DenseLayer memory layer;
        (layer.K, layer.N, layer.M, layer.s, layer.relu) = (uint32(K), 1, M, s, relu);
        layer.weights = DenseModel.randomBytes(keccak256(abi.encode(seed, "w")), K);
        layer.bias = new int32[](1);
        layer.bias[0] = bias;
        bytes memory x = DenseModel.randomBytes(keccak256(abi.encode(seed, "x")), K);
        assertEq(harness.neuron(x, layer.weights, bias, M, s, relu), DenseModel.neuronOf(layer, x, 0));
    }
}
