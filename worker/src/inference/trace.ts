/** The commitments a result carries, from one run's activations (docs/model-format.md). */
import { activationHash, int8ToHex, traceCommitment } from "@verity/sdk/model/commitments";
import { merkleProof } from "@verity/sdk/model/merkle";
import type { Hex } from "viem";

export type Trace = {
  /** `[a_0, ..., a_L]` as hex. */
  activations: Hex[];
  output: Hex;
  outputHash: Hex;
  traceRoot: Hex;
};

export function buildTrace(activations: readonly Int8Array[]): Trace {
  const output = activations[activations.length - 1];
  if (output === undefined || activations.length < 2)
    throw new Error("a trace holds at least a_0 and a_1");
  return {
    activations: activations.map(int8ToHex),
    output: int8ToHex(output),
    outputHash: activationHash(output),
    traceRoot: traceCommitment(activations),
  };
}

/** `h_0 .. h_L`. */
export function activationHashes(activations: readonly Int8Array[]): Hex[] {
  return activations.map(activationHash);
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
