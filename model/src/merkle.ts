/**
 * Positional Merkle tree of docs/model-format.md: leaves in order, padded with
 * bytes32(0) leaves to the next power of two, parent = keccak256(left ++ right).
 * Positional (not sorted-pair) so that a proof also proves the leaf's index:
 * the dispute needs "layer l" and "neuron j", not just "some layer".
 */
import { bytesToHex, concatBytes, type Hex, hexToBytes, keccak256 } from "viem";

export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

function checkHash(value: Hex, what: string): Uint8Array {
  const bytes = hexToBytes(value);
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keccak256(concatBytes([left, right]), "bytes");
}

/** Every level of the padded tree, leaves first, root last. */
function levels(leaves: readonly Hex[]): Uint8Array[][] {
  let width = 1;
  while (width < leaves.length) width *= 2;
  const zero = new Uint8Array(32);
  let level = Array.from({ length: width }, (_, i) => {
    const leaf = leaves[i];
    return leaf === undefined ? zero : checkHash(leaf, `leaf ${i}`);
  });
  const all = [level];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(hashPair(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    }
    level = next;
    all.push(level);
  }
  return all;
}

/** Root over `leaves`; a single leaf is its own root, no leaves give bytes32(0). */
export function merkleRoot(leaves: readonly Hex[]): Hex {
  if (leaves.length === 0) return ZERO_HASH;
  const all = levels(leaves);
  return bytesToHex((all[all.length - 1] as Uint8Array[])[0] as Uint8Array);
}

/** Sibling hashes from the leaf at `index` up to the root (empty for a single leaf). */
export function merkleProof(leaves: readonly Hex[], index: number): Hex[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} out of range [0, ${leaves.length})`);
  }
  const proof: Hex[] = [];
  let position = index;
  for (const level of levels(leaves).slice(0, -1)) {
    proof.push(bytesToHex(level[position ^ 1] as Uint8Array));
    position >>= 1;
  }
  return proof;
}

/**
 * Recomputes the root from a leaf, its index and its proof. The index must fit
 * the proof's depth: otherwise one leaf could be claimed at several positions.
 */
export function computeMerkleRoot(leaf: Hex, index: number, proof: readonly Hex[]): Hex {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** proof.length) {
    throw new RangeError(`leaf index ${index} does not fit a proof of depth ${proof.length}`);
  }
  let node = checkHash(leaf, "leaf");
  let position = index;
  proof.forEach((sibling, level) => {
    const other = checkHash(sibling, `proof[${level}]`);
    node = position % 2 === 0 ? hashPair(node, other) : hashPair(other, node);
    position = Math.floor(position / 2);
  });
  return bytesToHex(node);
}

export function verifyMerkleProof(
  leaf: Hex,
  index: number,
  proof: readonly Hex[],
  root: Hex,
): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** proof.length) return false;
  return computeMerkleRoot(leaf, index, proof).toLowerCase() === root.toLowerCase();
}
