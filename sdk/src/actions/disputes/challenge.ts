import { type Address, type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { disputeGameAbi, parametersAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";

export type ChallengeParameters = {
  jobId: bigint;
  /** The first layer (1-based) the challenger says is wrong. */
  layer: number | bigint;
  /** The result's output hash and trace root (from its ResultSubmitted event). */
  outputHash: Hex;
  traceRoot: Hex;
  /** h_{layer-1}: the agreed input hash of the layer (the job's input hash at layer 1). */
  hPrev: Hex;
  /** Proof of `hPrev` in the trace root (empty when it is the input hash). */
  proofPrev?: readonly Hex[] | undefined;
  /** h_layer: the provider's output hash of the layer, disputed (the output hash at the last layer). */
  hDisputed: Hex;
  /** Proof of `hDisputed` in the trace root (empty when it is the output hash). */
  proofDisputed?: readonly Hex[] | undefined;
  /** Approve the dispute game for the challenger bond (VRT) when needed; default true. */
  approve?: ApproveMode | undefined;
};
export type ChallengeReturnType = {
  disputeId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  provider: Address | undefined;
  /** VRT wei posted as the bond (lost to the provider if the challenge is wrong). */
  bond: bigint;
  /** Unix seconds by which the provider must reveal the layer's output. */
  responseDeadline: number;
};
export type ChallengeErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/**
 * Opens a dispute on a submitted result within its challenge window, posting
 * the challenger bond: names the first wrong layer of the provider's trace.
 * The provider must then reveal that layer; the challenger proves one element
 * wrong with the dispute game's `proveNeuron` (the worker's watch mode does both).
 */
export async function challenge(
  client: VerityCoreClient,
  parameters: ChallengeParameters,
): Promise<ChallengeReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "challenge");
  const bond = await client.publicClient.readContract({
    address: client.deployment.parameters,
    abi: parametersAbi,
    functionName: "challengerBond",
  });
  await ensureAllowance(client, {
    token: client.deployment.token,
    spender: disputeGame,
    amount: bond,
    mode: parameters.approve ?? true,
    action: "challenge",
  });
  const { hash, receipt, result } = await write(client, "challenge", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "challenge",
      args: [
        parameters.jobId,
        BigInt(parameters.layer),
        parameters.outputHash,
        parameters.traceRoot,
        parameters.hPrev,
        parameters.proofPrev ?? [],
        parameters.hDisputed,
        parameters.proofDisputed ?? [],
      ],
      account,
    }),
  );
  const [opened] = parseEventLogs({
    abi: disputeGameAbi,
    eventName: "DisputeOpened",
    logs: receipt.logs,
  });
  return {
    disputeId: opened?.args.disputeId ?? result,
    hash,
    receipt,
    provider: opened?.args.provider,
    bond: opened?.args.bond ?? bond,
    responseDeadline: Number(opened?.args.responseDeadline ?? 0n),
  };
}
