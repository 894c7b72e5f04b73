/** The viem client the worker reads through; writes go through chain/sender.ts. */
import {
  type Chain,
  createPublicClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
} from "viem";

export type WorkerPublicClient = PublicClient<Transport, Chain>;

export function workerChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `verity-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function createWorkerClient(rpcUrl: string, chain: Chain): WorkerPublicClient {
  return createPublicClient({
    chain,
    // viem's own retries absorb single dropped requests; the worker's loops add
    // backoff on top for longer outages. Raw transactions are safe to resend:
    // the same signed bytes have the same hash.
    transport: http(rpcUrl, { retryCount: 3, retryDelay: 100, timeout: 10_000 }),
    pollingInterval: 250,
  }) as WorkerPublicClient;
}

/** The chain id, asked of the node itself. */
export async function fetchChainId(rpcUrl: string): Promise<number> {
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 5, retryDelay: 200 }) });
  return probe.getChainId();
}
