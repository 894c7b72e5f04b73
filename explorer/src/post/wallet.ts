/**
 * Posting a job through the browser's wallet (an EIP-1193 provider at `window.ethereum`) with the
 * SDK's own postJob: the same checks (the input's width against the model), approval and
 * receipt as every other client. Loaded only by the post page, so other pages do not carry it.
 */
import { parseDeployment, postJob } from "@verity/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193Provider,
} from "viem";
import type { ExplorerConfig } from "../config.js";

export type PostStep = "connecting" | "approving and posting" | "posted";

export class WrongChainError extends Error {
  override name = "WrongChainError";
  constructor(wallet: number, explorer: number) {
    super(
      `the wallet is on chain ${wallet}, this explorer shows chain ${explorer}: switch the wallet's network`,
    );
  }
}

export async function postFromWallet(parameters: {
  ethereum: EIP1193Provider;
  config: ExplorerConfig;
  modelId: bigint;
  input: Uint8Array;
  maxPrice: bigint;
  onStep: (step: PostStep, detail?: string) => void;
}): Promise<bigint> {
  const { ethereum, config, onStep } = parameters;
  onStep("connecting");
  const [account] = (await ethereum.request({ method: "eth_requestAccounts" })) as Address[];
  if (account === undefined) throw new Error("the wallet gave no account");
  const chainId = Number(await ethereum.request({ method: "eth_chainId" }));
  if (config.chainId !== null && chainId !== config.chainId)
    throw new WrongChainError(chainId, config.chainId);
  const deployment = parseDeployment(
    { ...config.addresses, chainId },
    "the explorer's /config.json",
  );
  const transport = custom(ethereum);
  const client = {
    publicClient: createPublicClient({ transport, pollingInterval: 500 }),
    walletClient: createWalletClient({ account, transport }),
    deployment,
    graphqlUrl: config.graphqlUrl,
  };
  onStep("approving and posting", account);
  const { jobId } = await postJob(client, {
    modelId: parameters.modelId,
    input: parameters.input,
    maxPrice: parameters.maxPrice,
  });
  onStep("posted");
  return jobId;
}
