/** Reorgs and resets on anvil, aimed at one account's transactions. */
import { type Address, createPublicClient, type Hex, http, isAddressEqual } from "viem";

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const answer = (await (
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    })
  ).json()) as { result?: T; error?: { message: string } };
  if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}

/**
 * Replaces the last `depth` blocks with as many new ones holding the same transactions except
 * those sent by `victim` (anvil_reorg re-mines the ones it is given): a reorg that drops exactly
 * that account's transactions. Returns the hashes dropped.
 */
export async function reorgDropping(url: string, depth: number, victim: Address): Promise<Hex[]> {
  const client = createPublicClient({ transport: http(url) });
  const head = await client.getBlockNumber();
  const first = head - BigInt(depth) + 1n;
  const keep: [Hex, number][] = [];
  const dropped: Hex[] = [];
  for (let n = first; n <= head; n++) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) {
      if (isAddressEqual(tx.from, victim)) {
        dropped.push(tx.hash);
        continue;
      }
      keep.push([await rpc<Hex>(url, "eth_getRawTransactionByHash", [tx.hash]), Number(n - first)]);
    }
  }
  await rpc(url, "anvil_reorg", [depth, keep]);
  return dropped;
}

/**
 * Replaces the last `depth` blocks with as many new ones holding the same transactions in the
 * same blocks, except `drop`, and with `first` moved to the front of the first new block: a reorg
 * that re-orders posts, so that a job id names another requester's job. `first`'s sender must
 * have no other transaction in those blocks (its nonce would no longer follow).
 */
export async function reorgReordering(
  url: string,
  depth: number,
  change: { drop: Hex; first: Hex },
): Promise<void> {
  const client = createPublicClient({ transport: http(url) });
  const head = await client.getBlockNumber();
  const start = head - BigInt(depth) + 1n;
  const keep: [Hex, number][] = [];
  let first: Hex | undefined;
  for (let n = start; n <= head; n++) {
    const block = await client.getBlock({ blockNumber: n });
    for (const hash of block.transactions) {
      if (hash === change.drop) continue;
      const raw = await rpc<Hex>(url, "eth_getRawTransactionByHash", [hash]);
      if (hash === change.first) first = raw;
      else keep.push([raw, Number(n - start)]);
    }
  }
  if (first === undefined) throw new Error(`${change.first} is not in the last ${depth} blocks`);
  await rpc(url, "anvil_reorg", [depth, [[first, 0], ...keep]]);
}

export function snapshot(url: string): Promise<Hex> {
  return rpc<Hex>(url, "evm_snapshot");
}

export function revertTo(url: string, id: Hex): Promise<boolean> {
  return rpc<boolean>(url, "evm_revert", [id]);
}

/** Empties anvil's transaction pool: what was sent and not mined is lost, as a node restart loses it. */
export async function dropAllPending(url: string): Promise<void> {
  await rpc(url, "anvil_dropAllTransactions");
}
