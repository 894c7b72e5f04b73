import { concat, type Hex, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import {
  computeMerkleRoot,
  merkleProof,
  merkleRoot,
  verifyMerkleProof,
  ZERO_HASH,
} from "./merkle.js";

const leaf = (i: number): Hex => keccak256(toHex(`leaf ${i}`));
const leaves = (n: number): Hex[] => Array.from({ length: n }, (_, i) => leaf(i));
const pair = (a: Hex, b: Hex): Hex => keccak256(concat([a, b]));

describe("merkleRoot", () => {
  it("is bytes32(0) for no leaves and the leaf itself for one", () => {
    expect(merkleRoot([])).toBe(ZERO_HASH);
    expect(merkleRoot([leaf(0)])).toBe(leaf(0));
  });

  it("hashes positional pairs, left ++ right", () => {
    const [a, b, c, d] = leaves(4) as [Hex, Hex, Hex, Hex];
    expect(merkleRoot([a, b])).toBe(pair(a, b));
    expect(merkleRoot([b, a])).not.toBe(merkleRoot([a, b]));
    expect(merkleRoot([a, b, c, d])).toBe(pair(pair(a, b), pair(c, d)));
  });

  it("pads with zero leaves to the next power of two", () => {
    const [a, b, c, d, e] = leaves(5) as [Hex, Hex, Hex, Hex, Hex];
    expect(merkleRoot([a, b, c])).toBe(pair(pair(a, b), pair(c, ZERO_HASH)));
    expect(merkleRoot([a, b, c])).toBe(merkleRoot([a, b, c, ZERO_HASH]));
    const zeroPair = pair(ZERO_HASH, ZERO_HASH);
    expect(merkleRoot([a, b, c, d, e])).toBe(
      pair(pair(pair(a, b), pair(c, d)), pair(pair(e, ZERO_HASH), zeroPair)),
    );
  });

  it("matches a root computed independently with foundry's `cast keccak`", () => {
    // Leaves: the row leaf and layer leaf of commitments.test.ts, then 0x11..11; padded with a zero leaf.
    const a = "0x091f405bed80420845b64ff850a75c5619d71d49ebd15b45c5acb416e9e54c32";
    const b = "0xebc6fde4f1182dd6fb91153ce940b511d62b21e5534fba6ba86fe094b9fdab8a";
    const c = `0x${"11".repeat(32)}` as const;
    expect(merkleRoot([a, b, c])).toBe(
      "0xf0743751b183b8204f929d9519fcf3bafdb643d66d5d1fc10bbff616c2920c1b",
    );
  });

  it("rejects a leaf that is not 32 bytes", () => {
    expect(() => merkleRoot(["0x1234", leaf(1)])).toThrow(/32 bytes/);
  });
});

describe("merkleProof", () => {
  it("verifies for every leaf of trees of 1 to 9 leaves", () => {
    for (let n = 1; n <= 9; n++) {
      const list = leaves(n);
      const root = merkleRoot(list);
      const depth = Math.ceil(Math.log2(n));
      list.forEach((l, i) => {
        const proof = merkleProof(list, i);
        expect(proof).toHaveLength(depth);
        expect(computeMerkleRoot(l, i, proof)).toBe(root);
        expect(verifyMerkleProof(l, i, proof, root)).toBe(true);
      });
    }
  });

  it("is empty for a single leaf", () => {
    expect(merkleProof([leaf(0)], 0)).toEqual([]);
    expect(verifyMerkleProof(leaf(0), 0, [], leaf(0))).toBe(true);
  });

  it("fails for a wrong leaf, index, sibling or root", () => {
    const list = leaves(6);
    const root = merkleRoot(list);
    const proof = merkleProof(list, 2);
    expect(verifyMerkleProof(list[2] as Hex, 2, proof, root)).toBe(true);
    expect(verifyMerkleProof(list[3] as Hex, 2, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[2] as Hex, 3, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[2] as Hex, 2, [leaf(99), ...proof.slice(1)], root)).toBe(false);
    expect(verifyMerkleProof(list[2] as Hex, 2, proof, leaf(99))).toBe(false);
  });

  it("refuses an index beyond the proof's depth (one leaf, one position)", () => {
    const list = leaves(4);
    const root = merkleRoot(list);
    const proof = merkleProof(list, 1);
    // Index 5 has the same low bits as 1; accepting it would let a leaf claim two positions.
    expect(verifyMerkleProof(list[1] as Hex, 5, proof, root)).toBe(false);
    expect(() => computeMerkleRoot(list[1] as Hex, 5, proof)).toThrow(/does not fit/);
  });

  it("proves a padding position only as the zero leaf", () => {
    const list = leaves(3);
    expect(() => merkleProof(list, 3)).toThrow(/out of range/);
    const proof = merkleProof(list, 2);
    // The sibling of leaf 2 is the padding leaf, bytes32(0).
    expect(proof[0]).toBe(ZERO_HASH);
  });
});
