// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IntegerDense} from "../../src/libraries/IntegerDense.sol";
import {IntegerDenseHarness} from "./utils/Harnesses.sol";

/// @notice The bytewise reference of the dot product refuses vectors of different lengths, as `dot`
/// does: the differential tests compare the two only on equal lengths.
contract DisputeIntegerDenseReferenceTest is Test {
    IntegerDenseHarness internal dense = new IntegerDenseHarness();

    function test_dotReference_RevertWhen_lengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IntegerDense.IntegerDenseLengthMismatch.selector, 3, 2));
        dense.dotReference(hex"010203", hex"0102");
    }

    function test_dotReference_signedBytes() public view {
        // (-1)(127) + (-128)(-128) = -127 + 16384
        assertEq(dense.dotReference(hex"ff80", hex"7f80"), 16_257);
    }
}
