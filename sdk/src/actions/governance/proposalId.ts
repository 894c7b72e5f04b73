import { encodeAbiParameters, hexToBigInt, keccak256, toBytes } from "viem";
import type { ProposalAction } from "./parameterChange.js";

/** The Governor's `propose`/`hashProposal` arguments for these actions: targets, values, calldatas. */
export function proposalCalls(actions: readonly ProposalAction[]) {
  return [
    actions.map((a) => a.target),
    actions.map((a) => a.value ?? 0n),
    actions.map((a) => a.calldata),
  ] as const;
}

/**
 * The id the Governor gives a proposal of these actions and description, computed
 * locally as OpenZeppelin's `hashProposal` does:
 * keccak256(abi.encode(targets, values, calldatas, keccak256(description))).
 */
export function proposalId(actions: readonly ProposalAction[], description: string): bigint {
  const encoded = encodeAbiParameters(
    [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
    [...proposalCalls(actions), keccak256(toBytes(description))],
  );
  return hexToBigInt(keccak256(encoded));
}
