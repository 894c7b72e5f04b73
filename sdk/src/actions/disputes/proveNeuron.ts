import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

/** The fields a layer leaf binds: everything of the layer except the rows themselves. */
export type LayerFields = {
  K: number;
  N: number;
  M: number;
  s: number;
  relu: boolean;
  rowsRoot: Hex;
};

/** The layer and weight row to recompute one element from (IDisputeGame.LayerProof). */
export type LayerProof = LayerFields & {
  /** Siblings of the layer leaf up to the model's weight commitment. */
  layerProof: readonly Hex[];
  /** The K int8 weights of the neuron. */
  row: Hex;
  bias: number;
  /** Siblings of the row leaf up to `rowsRoot`. */
  rowProof: readonly Hex[];
};

/**
 * The shape the model toolchain's `neuronWitness` (@verity/model/witness)
 * returns, turned into the contract's LayerProof.
 */
export function layerProofFromWitness(witness: {
  layerFields: LayerFields;
  layerProof: readonly Hex[];
  row: Hex;
  bias: number;
  rowProof: readonly Hex[];
}): LayerProof {
  const { K, N, M, s, relu, rowsRoot } = witness.layerFields;
  return {
    K,
    N,
    M,
    s,
    relu,
    rowsRoot,
    layerProof: witness.layerProof,
    row: witness.row,
    bias: witness.bias,
    rowProof: witness.rowProof,
  };
}

export type ProveNeuronParameters = {
  disputeId: bigint;
  /** The output element to recompute (0-based). */
  neuron: number | bigint;
  /** The agreed input of the layer (hashing to the dispute's agreed hash). */
  prevActivation: Hex;
  /** The provider's revealed output of the layer (from its DisputeResponded event). */
  disputedActivation: Hex;
  proof: LayerProof;
};
export type ProveNeuronReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Whether the provider lost (the recomputed element differs, or the vector had the wrong length). */
  providerLost: boolean;
};
export type ProveNeuronErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/**
 * The challenger's last move: the contract recomputes one element of the
 * disputed layer from the agreed input and the registered weights; the side
 * that is wrong loses (a challenger that proves nothing loses its bond).
 */
export async function proveNeuron(
  client: VerityCoreClient,
  parameters: ProveNeuronParameters,
): Promise<ProveNeuronReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "proveNeuron");
  const { proof } = parameters;
  const { hash, receipt } = await write(client, "proveNeuron", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "proveNeuron",
      args: [
        parameters.disputeId,
        BigInt(parameters.neuron),
        parameters.prevActivation,
        parameters.disputedActivation,
        { ...proof, layerProof: [...proof.layerProof], rowProof: [...proof.rowProof] },
      ],
      account,
    }),
  );
  const [resolved] = parseEventLogs({
    abi: disputeGameAbi,
    eventName: "DisputeResolved",
    logs: receipt.logs,
  });
  return { hash, receipt, providerLost: resolved ? !resolved.args.providerWon : false };
}
