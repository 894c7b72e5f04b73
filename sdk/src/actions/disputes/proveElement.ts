import { type Hash, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

/**
 * What the last move on a spatial layer proves one element with (docs/model-format.md, v2): the
 * shape the model toolchain's `elementWitness` (@verity/model/element-witness) returns for a
 * conv2d, pooling or add layer, plus, for an add, the skip activation and its trace binding.
 */
export type SpatialElementProof =
  | {
      kind: "conv2d";
      layerFields: {
        Cin: number;
        H: number;
        W: number;
        Cout: number;
        kh: number;
        kw: number;
        stride: number;
        pad: number;
        M: number;
        s: number;
        relu: boolean;
        filtersRoot: Hex;
      };
      layerProof: readonly Hex[];
      /** The Cin*kh*kw int8 weights of the element's output channel. */
      filter: Hex;
      bias: number;
      filterProof: readonly Hex[];
    }
  | {
      kind: "maxpool" | "avgpool";
      layerFields: { C: number; H: number; W: number; kh: number; kw: number; stride: number };
      layerProof: readonly Hex[];
    }
  | {
      kind: "add";
      layerFields: {
        C: number;
        H: number;
        W: number;
        skip: number;
        Ma: number;
        Mb: number;
        s: number;
        relu: boolean;
      };
      layerProof: readonly Hex[];
      /** a_skip, the earlier activation added to a_{l-1}. */
      skipActivation: Hex;
      /** The disputed result's output hash and trace root, which bind h_skip. */
      outputHash: Hex;
      traceRoot: Hex;
      /** Siblings of h_skip (leaf `skip - 1`) up to the trace root; empty when skip is 0. */
      skipProof: readonly Hex[];
    };

export type ProveElementParameters = {
  disputeId: bigint;
  /** The output element to recompute: C-major index into the disputed activation. */
  element: number | bigint;
  /** The agreed input of the layer (hashing to the dispute's agreed hash). */
  prevActivation: Hex;
  /** The provider's revealed output of the layer (from its DisputeResponded event). */
  disputedActivation: Hex;
  proof: SpatialElementProof;
};
export type ProveElementReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Whether the provider lost (the recomputed element differs, or the vector had the wrong length). */
  providerLost: boolean;
};
export type ProveElementErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/**
 * The challenger's last move on a conv2d, pooling or add layer (`proveConv`, `provePool`,
 * `proveAdd`): the contract recomputes one element of the disputed layer from the agreed input
 * and the registered layer; the side that is wrong loses. Dense layers use `proveNeuron`.
 */
export async function proveElement(
  client: VerityCoreClient,
  parameters: ProveElementParameters,
): Promise<ProveElementReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "proveElement");
  const { proof, disputeId, prevActivation, disputedActivation } = parameters;
  const element = BigInt(parameters.element);
  const layerProof = [...proof.layerProof];
  const { hash, receipt } = await write(client, "proveElement", (account) => {
    const call = { address: disputeGame, abi: disputeGameAbi, account } as const;
    switch (proof.kind) {
      case "conv2d":
        return client.publicClient.simulateContract({
          ...call,
          functionName: "proveConv",
          args: [
            disputeId,
            element,
            prevActivation,
            disputedActivation,
            {
              ...proof.layerFields,
              layerProof,
              filter: proof.filter,
              bias: proof.bias,
              filterProof: [...proof.filterProof],
            },
          ],
        });
      case "maxpool":
      case "avgpool":
        return client.publicClient.simulateContract({
          ...call,
          functionName: "provePool",
          args: [
            disputeId,
            element,
            prevActivation,
            disputedActivation,
            { average: proof.kind === "avgpool", ...proof.layerFields, layerProof },
          ],
        });
      case "add":
        return client.publicClient.simulateContract({
          ...call,
          functionName: "proveAdd",
          args: [
            disputeId,
            element,
            prevActivation,
            disputedActivation,
            {
              ...proof.layerFields,
              layerProof,
              skipActivation: proof.skipActivation,
              outputHash: proof.outputHash,
              traceRoot: proof.traceRoot,
              skipProof: [...proof.skipProof],
            },
          ],
        });
    }
  });
  const [resolved] = parseEventLogs({
    abi: disputeGameAbi,
    eventName: "DisputeResolved",
    logs: receipt.logs,
  });
  return { hash, receipt, providerLost: resolved ? !resolved.args.providerWon : false };
}
