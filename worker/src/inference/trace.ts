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

// Scratch space reused across calls (one thread, no await inside): the hashes of one trace
// (h_1..h_{L-1}, then the output hash, then the root) and one tree level.
let hashes = new Uint8Array(32 * 16);
let level = new Uint8Array(32 * 16);

/**
 * Positional Merkle root over the `count` 32-byte leaves at the start of `hashes` (padded with
 * zero leaves to a power of two), written into `hashes` at `outOffset`. The first level reads the
 * leaves where they are (no copy when they fill it); each later level is hashed in place.
 */
function merkleRootInto(count: number, outOffset: number): void {
  if (count === 0) {
    hashes.fill(0, outOffset, outOffset + 32);
    return;
  }
  let width = 1;
  while (width < count) width *= 2;
  if (width === 1) {
    hashes.copyWithin(outOffset, 0, 32);
    return;
  }
  if (level.length < width * 32) level = new Uint8Array(width * 32);
  let source = hashes;
  if (width !== count) {
    level.set(hashes.subarray(0, count * 32));
    level.fill(0, count * 32, width * 32);
    source = level;
  }
  for (let i = 0; i < width; i += 2)
    keccak256Into(source.subarray(i * 32, i * 32 + 64), level, (i / 2) * 32);
  width /= 2;
  while (width > 1) {
    for (let i = 0; i < width; i += 2)
      keccak256Into(level.subarray(i * 32, i * 32 + 64), level, (i / 2) * 32);
    width /= 2;
  }
  hashes.set(level.subarray(0, 32), outOffset);
}

/** Fills `hashes` with h_1..h_L and the trace root (at L): the work of every commitment. */
function hashTrace(activations: readonly Int8Array[]): number {
  const L = activations.length - 1;
  if (L < 1) throw new Error("a trace holds at least a_0 and a_1");
  if (hashes.length < (L + 1) * 32) hashes = new Uint8Array((L + 1) * 32);
  for (let l = 1; l <= L; l++)
    keccak256Into(bytesOf(activations[l] as Int8Array), hashes, (l - 1) * 32);
  merkleRootInto(L - 1, L * 32);
  return L;
}

/** The commitments, from `hex`: the hashes of `hashTrace`, encoded at its start. */
function commitmentsFrom(hex: string, L: number) {
  const at = (i: number) => `0x${hex.slice(i * 64, i * 64 + 64)}` as Hex;
  const layerHashes: Hex[] = [];
  for (let l = 1; l < L; l++) layerHashes.push(at(l - 1));
  return { outputHash: at(L - 1), layerHashes, traceRoot: at(L) };
}

/** Only the trace root and output hash: what the submission needs. */
export function traceCommitments(activations: readonly Int8Array[]): {
  outputHash: Hex;
  layerHashes: Hex[];
  traceRoot: Hex;
} {
  const L = hashTrace(activations);
  return commitmentsFrom(Buffer.from(hashes.buffer, 0, (L + 1) * 32).toString("hex"), L);
}

/**
 * What the provider submits and keeps, from one run: the commitments, the output as hex (the
 * submission's calldata) and the run's own activations (no copy, no hex: the result record is
 * binary, store/result-file.ts).
 */
export function resultTrace(activations: Int8Array[]) {
  const { outputHash, layerHashes, traceRoot } = traceCommitments(activations);
  const output = toHex(activations[activations.length - 1] as Int8Array);
  return { outputHash, layerHashes, traceRoot, output, activations };
}

// Two hex digits per byte value: up to 32 bytes a table loop beats Buffer's encoder, whose call
// overhead dominates at that size (3x at 10 bytes, 1.3x at 32; slower from 64 on).
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

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

/** The commitments and every activation as hex: what the watcher's challenge records keep. */
export function buildTrace(activations: readonly Int8Array[]): Trace {
  const { outputHash, layerHashes, traceRoot } = traceCommitments(activations);
  const hex = activations.map(toHex);
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
