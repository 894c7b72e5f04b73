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
  fallback,
  http,
  type LocalAccount,
  type PublicClient,
  type Transport,
  zeroAddress,
} from "viem";
import { RpcUnavailableError } from "../errors.js";
import { hedgedTransport, SEND_METHODS } from "./hedge.js";
import { type RetryOptions, withRetry } from "./retry.js";

export type WorkerPublicClient = PublicClient<Transport, Chain>;

export function workerChain(chainId: number, rpcUrl: string | readonly string[]): Chain {
  return defineChain({
    id: chainId,
    name: `verity-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: typeof rpcUrl === "string" ? [rpcUrl] : [...rpcUrl] } },
  });
}

export type RpcOptions = {
  /**
   * Per-request timeout. Far below the shortest phase (a 10 s commit window): a hung request
   * must fail over or retry while the phase is still open.
   */
  timeoutMs?: number;
  /** A read unanswered after this long is sent once more, first answer wins (chain/hedge.ts); 0: off. */
  hedgeAfterMs?: number;
  /** Told of each hedged read. */
  onHedge?: ((method: string) => void) | undefined;
  /** Wraps each endpoint's HTTP transport (metrics/rpc.ts counts and times each attempt). */
  instrument?: ((transport: Transport) => Transport) | undefined;
};

/**
 * Wraps a transport so that every read retries retryable failures with
 * backoff (chain/classify.ts decides which): the SDK's reads then survive a
 * flaky node as the worker's own did. Reverts are answers, never retried.
 */
export function retryingTransport(transport: Transport, options: RetryOptions = {}): Transport {
  return (config) => {
    const inner = transport(config);
    const request = ((args: { method: string; params?: unknown }, requestOptions?: unknown) =>
      SEND_METHODS.has(args.method)
        ? inner.request(args as never, requestOptions as never)
        : withRetry(
            () => inner.request(args as never, requestOptions as never),
            options,
          )) as typeof inner.request;
    return { ...inner, request };
  };
}

/**
 * The public client over every configured endpoint: viem's fallback transport moves to the next
 * endpoint when one fails or times out, and the retrying transport backs off over all of them.
 */
export function createWorkerClient(
  rpcUrl: string | readonly string[],
  chain: Chain,
  options: RpcOptions = {},
): WorkerPublicClient {
  const urls = typeof rpcUrl === "string" ? [rpcUrl] : [...rpcUrl];
  const timeout = options.timeoutMs ?? 3_000;
  const instrument = options.instrument ?? ((transport: Transport) => transport);
  // Hedging sits above the instrumented transport, so each copy is counted and timed as sent.
  const endpoints = urls.map((url) =>
    hedgedTransport(instrument(http(url, { retryCount: 1, retryDelay: 100, timeout })), {
      afterMs: options.hedgeAfterMs ?? 0,
      onHedge: options.onHedge,
    }),
  );
  const transport =
    endpoints.length === 1
      ? (endpoints[0] as Transport)
      : fallback(endpoints, { retryCount: 2, retryDelay: 100 });
  return createPublicClient({
    chain,
    // viem's own retries absorb single dropped requests; the retrying transport
    // adds backoff on top for longer outages.
    transport: retryingTransport(transport),
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

/**
 * The chain id, asked of the endpoints in order; the first that answers decides. When none
 * does, the error names every URL tried and why it failed.
 */
export async function fetchChainId(
  rpcUrl: string | readonly string[],
  options: RpcOptions = {},
): Promise<number> {
  const urls = typeof rpcUrl === "string" ? [rpcUrl] : [...rpcUrl];
  const failures: string[] = [];
  for (const url of urls) {
    const probe = createPublicClient({
      transport: http(url, { retryCount: 5, retryDelay: 200, timeout: options.timeoutMs ?? 3_000 }),
    });
    try {
      return await probe.getChainId();
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error as { shortMessage?: string }).shortMessage ?? error.message)
          : String(error);
      failures.push(`${url}: ${reason.split("\n")[0]}`);
    }
  }
  throw new RpcUnavailableError(
    `Could not reach the RPC endpoint${urls.length > 1 ? "s" : ""} ${urls.join(", ")}`,
    {
      metaMessages: failures,
      details:
        "Check rpcUrl (or rpcUrls) in the worker's configuration and that the node is running.",
    },
  );
}
