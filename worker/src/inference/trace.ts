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

function hex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`;
}

/** Same as the SDK's int8ToHex; Buffer's encoder is several times faster on a layer's bytes. */
function toHex(a: Int8Array): Hex {
  return `0x${Buffer.from(a.buffer, a.byteOffset, a.length).toString("hex")}`;
}

const pair = new Uint8Array(64);

/** Positional Merkle root over `count` 32-byte leaves packed in `leaves` (padded with zero leaves). */
function merkleRootBytes(leaves: Uint8Array, count: number): Uint8Array {
  if (count === 0) return new Uint8Array(32);
  let width = 1;
  while (width < count) width *= 2;
  let level = new Uint8Array(width * 32);
  level.set(leaves.subarray(0, count * 32));
  while (width > 1) {
    const next = new Uint8Array((width / 2) * 32);
    for (let i = 0; i < width; i += 2) {
      pair.set(level.subarray(i * 32, i * 32 + 64));
      keccak256Into(pair, next, (i / 2) * 32);
    }
    level = next;
    width /= 2;
  }
  return level.subarray(0, 32);
}

/** Only the trace root and output hash: what the submission needs. */
export function traceCommitments(activations: readonly Int8Array[]): {
  outputHash: Hex;
  layerHashes: Hex[];
  traceRoot: Hex;
} {
  const L = activations.length - 1;
  if (L < 1) throw new Error("a trace holds at least a_0 and a_1");
  const hidden = new Uint8Array(Math.max(0, L - 1) * 32);
  for (let l = 1; l < L; l++)
    keccak256Into(bytesOf(activations[l] as Int8Array), hidden, (l - 1) * 32);
  const outputHash = new Uint8Array(32);
  keccak256Into(bytesOf(activations[L] as Int8Array), outputHash);
  const layerHashes: Hex[] = [];
  for (let l = 0; l < L - 1; l++) layerHashes.push(hex(hidden.subarray(l * 32, l * 32 + 32)));
  return {
    outputHash: hex(outputHash),
    layerHashes,
    traceRoot: hex(merkleRootBytes(hidden, L - 1)),
  };
}

/**
 * The commitments and the activations as hex, for the result record. `inputHex`, when the caller
 * already holds `a_0` as hex (an inline job input), is used as is: the input is usually the widest
 * activation, and encoding it again was a fifth of the worker's overhead over onnxruntime.
 */
export function buildTrace(activations: readonly Int8Array[], inputHex?: Hex): Trace {
  const { outputHash, layerHashes, traceRoot } = traceCommitments(activations);
  return {
    layerHashes,
    activations: activations.map((a, l) =>
      l === 0 && inputHex !== undefined ? inputHex : toHex(a),
    ),
    output: toHex(activations[activations.length - 1] as Int8Array),
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
