/**
 * The commitments a result carries, from one run's activations
 * (docs/model-format.md): the output hash `h_L`, the hidden layer hashes
 * `h_1..h_{L-1}` (published with the result) and the trace root, their
 * positional Merkle root. Computed here with hash-wasm's keccak (keccak.ts)
 * on raw bytes: the SDK's `traceCommitment` gives the same values
 * (test/unit/keccak.test.ts) at several times the cost.
 */
import { merkleProof } from "@verity/model/merkle";
import type { Hex } from "viem";
import { keccak256Into } from "./keccak.js";

export type Trace = {
  /** `[a_0, ..., a_L]` as hex. */
  activations: Hex[];
  output: Hex;
  outputHash: Hex;
  /** `h_1 .. h_{L-1}`, published with the result so that a challenger can name any layer. */
  layerHashes: Hex[];
  traceRoot: Hex;
};

function bytesOf(a: Int8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.length);
}

// Two hex digits per byte value: up to 32 bytes a table loop beats Buffer's encoder, whose call
// overhead dominates at that size (3x at 10 bytes, 1.3x at 32; slower from 64 on).
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function hash32ToHex(bytes: Uint8Array, offset: number): Hex {
  let out = "0x";
  for (let i = offset; i < offset + 32; i++) out += HEX_PAIRS[bytes[i] as number];
  return out as Hex;
}

/**
 * Same as the SDK's int8ToHex: Buffer's encoder, but the table on a vector of up to 32 bytes
 * (an output of a few logits), where the call into Buffer costs more than the loop.
 */
function toHex(a: Int8Array): Hex {
  if (a.length > 32) return `0x${Buffer.from(a.buffer, a.byteOffset, a.length).toString("hex")}`;
  let out = "0x";
  for (let i = 0; i < a.length; i++) out += HEX_PAIRS[(a[i] as number) & 0xff];
  return out as Hex;
}

// Scratch space reused across calls (one thread, no await inside): the leaves and one tree level.
let leaves = new Uint8Array(32 * 16);
let level = new Uint8Array(32 * 16);

/**
 * Positional Merkle root over the `count` 32-byte leaves at the start of `leaves` (padded with
 * zero leaves to a power of two), written into `out`; hashes each level in place.
 */
function merkleRootInto(count: number, out: Uint8Array): void {
  if (count === 0) {
    out.fill(0);
    return;
  }
  let width = 1;
  while (width < count) width *= 2;
  if (level.length < width * 32) level = new Uint8Array(width * 32);
  level.set(leaves.subarray(0, count * 32));
  level.fill(0, count * 32, width * 32);
  while (width > 1) {
    for (let i = 0; i < width; i += 2)
      keccak256Into(level.subarray(i * 32, i * 32 + 64), level, (i / 2) * 32);
    width /= 2;
  }
  out.set(level.subarray(0, 32));
}

const root = new Uint8Array(32);
const output = new Uint8Array(32);

/** Only the trace root and output hash: what the submission needs. */
export function traceCommitments(activations: readonly Int8Array[]): {
  outputHash: Hex;
  layerHashes: Hex[];
  traceRoot: Hex;
} {
  const L = activations.length - 1;
  if (L < 1) throw new Error("a trace holds at least a_0 and a_1");
  if (leaves.length < (L - 1) * 32) leaves = new Uint8Array((L - 1) * 32);
  const layerHashes: Hex[] = [];
  for (let l = 1; l < L; l++) {
    keccak256Into(bytesOf(activations[l] as Int8Array), leaves, (l - 1) * 32);
    layerHashes.push(hash32ToHex(leaves, (l - 1) * 32));
  }
  keccak256Into(bytesOf(activations[L] as Int8Array), output);
  merkleRootInto(L - 1, root);
  return { outputHash: hash32ToHex(output, 0), layerHashes, traceRoot: hash32ToHex(root, 0) };
}

/**
 * The commitments and the activations as hex, for the result record. `inputHex`, when the caller
 * already holds `a_0` as hex (an inline job input), is used as is: the input is usually the widest
 * activation, and encoding it again was a fifth of the worker's overhead over onnxruntime.
 */
export function buildTrace(activations: readonly Int8Array[], inputHex?: Hex): Trace {
  const { outputHash, layerHashes, traceRoot } = traceCommitments(activations);
  const hex = activations.map((a, l) => (l === 0 && inputHex !== undefined ? inputHex : toHex(a)));
  return {
    layerHashes,
    activations: hex,
    output: hex[hex.length - 1] as Hex,
    outputHash,
    traceRoot,
  };
}

/**
 * The proof the dispute game wants for `h_i` (0..L): empty for the input and
 * the output, else the siblings of leaf `i - 1` of the tree over `h_1..h_{L-1}`.
 */
export function traceProof(hashes: readonly Hex[], index: number): Hex[] {
  const L = hashes.length - 1;
  if (index === 0 || index === L) return [];
  return merkleProof(hashes.slice(1, -1), index - 1);
}
