/**
 * Which layer to challenge. The challenger holds the honest activation hashes
 * `h_0..h_L`; the provider published only its output hash and its trace root
 * over `h_1..h_{L-1}`. The dispute game needs the provider's `h_{l-1}` and
 * `h_l`, each proven against that root.
 *
 * - Same trace root: the provider's hidden hashes are ours (the root binds
 *   them), so the first wrong layer is the last one, `L`; we hold every proof.
 * - Different trace root: the first wrong layer is hidden; the provider's
 *   hidden hashes (published in ResultSubmitted, checked by the market against
 *   its root) locate it, and the proofs are built from them.
 */
import type { Hex } from "viem";
import { traceProof } from "../inference/trace.js";

export type ChallengePlan = {
  layer: number;
  hPrev: Hex;
  proofPrev: Hex[];
  hDisputed: Hex;
  proofDisputed: Hex[];
};

export type PlanOutcome = { plan: ChallengePlan } | { plan: undefined; reason: string };

function eq(a: Hex, b: Hex): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * @param ours honest `h_0..h_L`
 * @param providerHidden the provider's `h_1..h_{L-1}` when known (already checked against its trace root)
 */
export function planChallenge(
  ours: readonly Hex[],
  ourTraceRoot: Hex,
  provider: { outputHash: Hex; traceRoot: Hex },
  providerHidden?: readonly Hex[],
): PlanOutcome {
  const L = ours.length - 1;
  if (eq(ourTraceRoot, provider.traceRoot)) {
    if (eq(ours[L] as Hex, provider.outputHash))
      return { plan: undefined, reason: "result is correct" };
    return {
      plan: {
        layer: L,
        hPrev: ours[L - 1] as Hex,
        proofPrev: traceProof(ours, L - 1),
        hDisputed: provider.outputHash,
        proofDisputed: [],
      },
    };
  }
  if (providerHidden === undefined || providerHidden.length !== L - 1) {
    return { plan: undefined, reason: "the provider's hidden layer hashes are not known" };
  }
  const theirs = [ours[0] as Hex, ...providerHidden, provider.outputHash];
  for (let l = 1; l <= L; l++) {
    if (!eq(theirs[l] as Hex, ours[l] as Hex)) {
      return {
        plan: {
          layer: l,
          hPrev: theirs[l - 1] as Hex,
          proofPrev: traceProof(theirs, l - 1),
          hDisputed: theirs[l] as Hex,
          proofDisputed: traceProof(theirs, l),
        },
      };
    }
  }
  return { plan: undefined, reason: "no layer differs" };
}
