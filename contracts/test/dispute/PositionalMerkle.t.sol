// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";
import {PositionalMerkleHarness} from "./utils/Harnesses.sol";

contract DisputePositionalMerkleTest is Test {
    PositionalMerkleHarness internal harness;

    function setUp() public {
        harness = new PositionalMerkleHarness();
    }

    function _h(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, b));
    }

    function _leaves(uint256 n) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            leaves[i] = keccak256(abi.encode("leaf", i));
        }
    }

    // ---------------------------------------------------------------- rootOf: the spec's examples

    function test_rootOf_emptyIsZero() public pure {
        assertEq(PositionalMerkle.rootOf(new bytes32[](0)), bytes32(0));
    }

    function test_rootOf_singleLeafIsItsOwnRoot() public pure {
        bytes32[] memory l = _leaves(1);
        assertEq(PositionalMerkle.rootOf(l), l[0]);
    }

    function test_rootOf_padsWithZeroLeaves() public pure {
        bytes32[] memory l = _leaves(3);
        assertEq(PositionalMerkle.rootOf(l), _h(_h(l[0], l[1]), _h(l[2], bytes32(0))));
        l = _leaves(5);
        bytes32 z = bytes32(0);
        bytes32 right = _h(_h(l[4], z), _h(z, z));
        assertEq(PositionalMerkle.rootOf(l), _h(_h(_h(l[0], l[1]), _h(l[2], l[3])), right));
    }

    function test_rootOf_isPositional() public pure {
        bytes32[] memory l = _leaves(2);
        bytes32[] memory swapped = new bytes32[](2);
        (swapped[0], swapped[1]) = (l[1], l[0]);
        assertEq(PositionalMerkle.rootOf(l), _h(l[0], l[1]));
        assertTrue(PositionalMerkle.rootOf(swapped) != PositionalMerkle.rootOf(l));
    }

    function test_depth_isCeilLog2() public pure {
        assertEq(PositionalMerkle.depth(0), 0);
        assertEq(PositionalMerkle.depth(1), 0);
        assertEq(PositionalMerkle.depth(2), 1);
        assertEq(PositionalMerkle.depth(3), 2);
        assertEq(PositionalMerkle.depth(4), 2);
        assertEq(PositionalMerkle.depth(5), 3);
        assertEq(PositionalMerkle.depth(4096), 12);
        assertEq(PositionalMerkle.depth(4097), 13);
    }

    // ---------------------------------------------------------------- verifyAt

    function testFuzz_verifyAt_acceptsEveryRealLeaf(uint256 n, uint256 index) public view {
        n = bound(n, 1, 70);
        index = bound(index, 0, n - 1);
        bytes32[] memory l = _leaves(n);
        bytes32 root = PositionalMerkle.rootOf(l);
        bytes32[] memory proof = PositionalMerkle.proofOf(l, index);
        assertEq(proof.length, PositionalMerkle.depth(n));
        assertTrue(harness.verifyAt(root, l[index], index, n, proof));
    }

    function testFuzz_verifyAt_rejectsOtherPositionsAndLeaves(uint256 n, uint256 index, uint256 other) public view {
        n = bound(n, 2, 70);
        index = bound(index, 0, n - 1);
        other = bound(other, 0, n - 1);
        vm.assume(other != index);
        bytes32[] memory l = _leaves(n);
        bytes32 root = PositionalMerkle.rootOf(l);
        bytes32[] memory proof = PositionalMerkle.proofOf(l, index);
        assertFalse(harness.verifyAt(root, l[index], other, n, proof), "other index");
        assertFalse(harness.verifyAt(root, l[other], index, n, proof), "other leaf");
        // The same position with a higher bit set is out of range, not an alias.
        assertFalse(harness.verifyAt(root, l[index], index + (1 << proof.length), n, proof), "aliased index");
    }

    function test_verifyAt_rejectsPaddingLeaf() public view {
        bytes32[] memory l = _leaves(3);
        bytes32 root = PositionalMerkle.rootOf(l);
        bytes32[] memory proof = new bytes32[](2);
        (proof[0], proof[1]) = (l[2], _h(l[0], l[1]));
        // The padding leaf at index 3 does hash up to the root...
        assertEq(harness.computeRoot(bytes32(0), 3, proof), root);
        // ...but it is not one of the 3 leaves.
        assertFalse(harness.verifyAt(root, bytes32(0), 3, 3, proof));
    }

    function test_verifyAt_rejectsInnerNodeAsLeaf() public view {
        bytes32[] memory l = _leaves(4);
        bytes32 root = PositionalMerkle.rootOf(l);
        bytes32[] memory shortProof = new bytes32[](1);
        shortProof[0] = _h(l[2], l[3]);
        bytes32 inner = _h(l[0], l[1]);
        assertEq(harness.computeRoot(inner, 0, shortProof), root);
        assertFalse(harness.verifyAt(root, inner, 0, 4, shortProof));
    }

    function test_verifyAt_rejectsLongerProof() public view {
        bytes32[] memory l = _leaves(2);
        bytes32 root = PositionalMerkle.rootOf(l);
        bytes32[] memory proof = new bytes32[](2);
        proof[0] = l[1];
        assertFalse(harness.verifyAt(_h(root, bytes32(0)), l[0], 0, 2, proof));
        assertTrue(harness.verifyAt(_h(root, bytes32(0)), l[0], 0, 3, proof));
    }

    function test_proofOf_RevertWhen_indexOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(PositionalMerkle.PositionalMerkleIndexOutOfRange.selector, 3, 3));
        this.proofOfExternal(_leaves(3), 3);
    }

    function proofOfExternal(bytes32[] memory leaves, uint256 index) external pure returns (bytes32[] memory) {
        return PositionalMerkle.proofOf(leaves, index);
    }
}
