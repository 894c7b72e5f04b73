/**
 * The worker's view of the chain: a viem public client over a retrying
 * transport, and the SDK client (the same actions integrators use) bound to
 * it, to the worker's account and to its serialized sender for writes.
 */
import {
  createVerityClient,
  type Deployment,
  type TransactionSender,
  type VerityClient,
} from "@verity/sdk";
import { jobMarketAbi } from "@verity/sdk/abis";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type LocalAccount,
  type PublicClient,
  type Transport,
  zeroAddress,
} from "viem";
import { type RetryOptions, withRetry } from "./retry.js";

export type WorkerPublicClient = PublicClient<Transport, Chain>;

export function workerChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `verity-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** Methods never retried by the transport: the sender resends the same signed bytes itself. */
const NOT_RETRIED = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

/**
 * Wraps a transport so that every read retries retryable failures with
 * backoff (chain/classify.ts decides which): the SDK's reads then survive a
 * flaky node as the worker's own did. Reverts are answers, never retried.
 */
export function retryingTransport(transport: Transport, options: RetryOptions = {}): Transport {
  return (config) => {
    const inner = transport(config);
    const request = ((args: { method: string; params?: unknown }, requestOptions?: unknown) =>
      NOT_RETRIED.has(args.method)
        ? inner.request(args as never, requestOptions as never)
        : withRetry(
            () => inner.request(args as never, requestOptions as never),
            options,
          )) as typeof inner.request;
    return { ...inner, request };
  };
}

export function createWorkerClient(rpcUrl: string, chain: Chain): WorkerPublicClient {
  return createPublicClient({
    chain,
    // viem's own retries absorb single dropped requests; the retrying transport
    // adds backoff on top for longer outages.
    transport: retryingTransport(http(rpcUrl, { retryCount: 3, retryDelay: 100, timeout: 10_000 })),
    pollingInterval: 250,
  }) as WorkerPublicClient;
}

/** The SDK client the reconcilers read and write through; writes go out through `sender`. */
export function createWorkerSdk(parameters: {
  client: WorkerPublicClient;
  account: LocalAccount;
  deployment: Deployment;
  sender: TransactionSender;
}): VerityClient {
  const { client, account, deployment, sender } = parameters;
  return createVerityClient({
    publicClient: client,
    // Holds the account for the SDK's actions; it never signs: the sender does.
    walletClient: createWalletClient({ account, chain: client.chain, transport: http() }),
    sender,
    deployment,
  });
}

/** The dispute game: from the deployment file, else the one wired into the market. */
export async function withDisputeGame(
  client: WorkerPublicClient,
  deployment: Deployment,
): Promise<Deployment> {
  if (deployment.disputeGame !== undefined) return deployment;
  const wired = await client.readContract({
    address: deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "disputeGame",
  });
  return wired === zeroAddress ? deployment : { ...deployment, disputeGame: wired };
}

/** The chain id, asked of the node itself. */
export async function fetchChainId(rpcUrl: string): Promise<number> {
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 5, retryDelay: 200 }) });
  return probe.getChainId();
}
