// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Positional Merkle trees of docs/model-format.md
/// @notice Leaves in order, padded with `bytes32(0)` leaves to the next power of two; each parent is
/// `keccak256(left ++ right)`; a single leaf is its own root and no leaves give `bytes32(0)`.
/// Positional rather than sorted-pair, so that a proof also proves the leaf's index: a dispute
/// needs "layer l" and "neuron j", not "some layer".
/// @dev Leaves are hashes given by the caller and are not hashed again, so a 64-byte preimage of a
/// leaf could pass for an inner node. `verifyAt` closes that door by pinning the proof length to
/// the tree's depth, which only the leaf count (known to the verifier) determines.
library PositionalMerkle {
    /// @notice Leaf `index` does not exist in a tree of `leafCount` leaves.
    error PositionalMerkleIndexOutOfRange(uint256 index, uint256 leafCount);

    /// @notice Whether `leaf` sits at `index` of a tree of `leafCount` leaves with root `root`.
    /// The proof must have exactly the tree's depth and the index must be a real (not padding) leaf.
    function verifyAt(bytes32 root, bytes32 leaf, uint256 index, uint256 leafCount, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (index >= leafCount || proof.length != depth(leafCount)) return false;
        return computeRoot(leaf, index, proof) == root;
    }

    /// @notice The root reached from `leaf` at `index` through the sibling hashes `proof`
    /// (leaf level first). Bits of `index` above the proof's depth are ignored: callers that care
    /// about the position use `verifyAt`, which bounds the index.
    function computeRoot(bytes32 leaf, uint256 index, bytes32[] calldata proof) internal pure returns (bytes32 node) {
        node = leaf;
        // Bounded by the proof's length, which callers pin to the depth of a tree of at most 2^16 leaves.
        for (uint256 i; i < proof.length; ++i) {
            node = (index >> i) & 1 == 0 ? hashPair(node, proof[i]) : hashPair(proof[i], node);
        }
    }

    /// @notice `ceil(log2(leafCount))`: the depth of the padded tree (0 for zero or one leaf).
    function depth(uint256 leafCount) internal pure returns (uint256 d) {
        // At most 256 iterations; in practice the log of a layer width or a layer count.
        while ((uint256(1) << d) < leafCount) {
            ++d;
        }
    }

    /// @notice `keccak256(left ++ right)` without touching free memory.
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 parent) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            parent := keccak256(0x00, 0x40)
        }
    }

    /// @notice The root over `leaves` (helpers and tests; the game only verifies).
    function rootOf(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = _padded(leaves);
        for (uint256 width = level.length; width > 1; width >>= 1) {
            for (uint256 i; i < width >> 1; ++i) {
                level[i] = hashPair(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    /// @notice The sibling hashes from the leaf at `index` up to the root (helpers and tests).
    function proofOf(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory siblings) {
        if (index >= leaves.length) revert PositionalMerkleIndexOutOfRange(index, leaves.length);
        bytes32[] memory level = _padded(leaves);
        siblings = new bytes32[](depth(leaves.length));
        uint256 position = index;
        uint256 width = level.length;
        for (uint256 d; d < siblings.length; ++d) {
            siblings[d] = level[position ^ 1];
            for (uint256 i; i < width >> 1; ++i) {
                level[i] = hashPair(level[2 * i], level[2 * i + 1]);
            }
            width >>= 1;
            position >>= 1;
        }
    }

    /// @dev A copy of `leaves` padded with zero leaves to the next power of two.
    function _padded(bytes32[] memory leaves) private pure returns (bytes32[] memory level) {
        level = new bytes32[](uint256(1) << depth(leaves.length));
        for (uint256 i; i < leaves.length; ++i) {
            level[i] = leaves[i];
        }
    }
}
