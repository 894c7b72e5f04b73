import { computeBidCommitment } from "@verity/sdk";
import {
  jobMarketAbi,
  modelRegistryAbi,
  stakingAbi,
  testStablecoinAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import {
  type Abi,
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseUnits,
  stringToHex,
  toHex,
} from "viem";
import type { Deployment } from "../deployment.js";
import type { Anvil } from "../test/harness/chain.js";
import { INPUT, saltOf } from "../test/harness/protocol.js";

type Tx = { from: Address; to: Address; data: Hex };

/** Next nonce per sender: anvil answers a JSON-RPC batch concurrently, so nonces are set here. */
const nonces = new Map<Address, number>();

/**
 * Sends transactions to anvil in JSON-RPC batches without waiting for
 * receipts (automining is off: the caller mines), in order: anvil runs with
 * `--order fifo`, so a block holds them as sent.
 */
async function sendAll(url: string, txs: Tx[], batchSize = 500) {
  for (let start = 0; start < txs.length; start += batchSize) {
    const body = txs.slice(start, start + batchSize).map((tx, index) => {
      const nonce = nonces.get(tx.from) ?? 0;
      nonces.set(tx.from, nonce + 1);
      return {
        jsonrpc: "2.0",
        id: start + index,
        method: "eth_sendTransaction",
        params: [
          { ...tx, nonce: toHex(nonce), gas: toHex(1_000_000n), gasPrice: toHex(10_000_000_000n) },
        ],
      };
    });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answers = (await response.json()) as { error?: { message: string } }[];
    const failed = answers.find((answer) => answer.error !== undefined);
    if (failed) throw new Error(`eth_sendTransaction: ${failed.error?.message}`);
  }
}

function call<const abi extends Abi>(
  from: Address,
  to: Address,
  abi: abi,
  functionName: string,
  args: unknown[],
): Tx {
  // biome-ignore lint/suspicious/noExplicitAny: the bench encodes many different calls through one helper
  return { from, to, data: encodeFunctionData({ abi, functionName, args } as any) };
}

/** Counts the logs of `blocks` whose first topic is one of `selectors`, block by block. */
async function countLogs(url: string, addresses: Address[], selectors: Hex[], blocks: bigint[]) {
  let count = 0;
  for (const block of blocks) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getLogs",
        params: [
          {
            address: addresses,
            topics: [selectors],
            fromBlock: toHex(block),
            toBlock: toHex(block),
          },
        ],
      }),
    });
    const answer = (await response.json()) as { result?: unknown[]; error?: { message: string } };
    if (answer.result === undefined) throw new Error(`eth_getLogs: ${answer.error?.message}`);
    count += answer.result.length;
  }
  return count;
}

export type GenerateOptions = {
  /** Jobs posted per wave; each wave is four blocks: post, commit, reveal, settle. */
  jobsPerWave: number;
  /** Providers; each bids on every job. */
  providers: number;
  /** Keep adding waves until at least this many indexed events exist. */
  minEvents: number;
  /** The indexed contracts and the first topics of the events the indexer handles. */
  indexed: { addresses: Address[]; selectors: Hex[] };
};

/**
 * Fills the chain with market activity for the historical benchmark: waves of
 * jobs on which every provider commits and reveals (highest price first, so
 * that each reveal takes the lead and moves collateral), then settled. Block
 * times are set explicitly, so the auction windows hold however slowly the
 * machine sends.
 */
export async function generate(
  anvil: Anvil,
  d: Deployment,
  { jobsPerWave, providers, minEvents, indexed }: GenerateOptions,
  log: (line: string) => void,
): Promise<{ jobs: number; blocks: bigint; events: number }> {
  const { test, public: client, accounts } = anvil.clients;
  const [deployer, requester, publisher, ...rest] = accounts as [
    Address,
    Address,
    Address,
    ...Address[],
  ];
  const bidders = rest.slice(0, providers);
  if (bidders.length < providers) throw new Error(`anvil has only ${rest.length} spare accounts`);

  for (const account of accounts) {
    nonces.set(
      account,
      await client.getTransactionCount({ address: account, blockTag: "pending" }),
    );
  }
  let timestamp = (await client.getBlock()).timestamp + 10n;
  const mined: bigint[] = [];
  const mine = async (advance: bigint) => {
    timestamp += advance;
    await test.setNextBlockTimestamp({ timestamp });
    await test.mine({ blocks: 1 });
    mined.push(await client.getBlockNumber({ cacheTime: 0 }));
  };
  await test.setAutomine(false);

  // Setup: a model, staked providers, a funded requester.
  const VRT = (n: number) => parseUnits(String(n), 18);
  const setup: Tx[] = [
    call(deployer, d.token, verityTokenAbi, "transfer", [publisher, VRT(1_000)]),
    call(publisher, d.token, verityTokenAbi, "approve", [d.modelRegistry, 2n ** 255n]),
    call(publisher, d.modelRegistry, modelRegistryAbi, "registerModel", [
      {
        artifactHash: keccak256(stringToHex("bench-model")),
        uri: "ipfs://bench-model",
        kind: 1,
        widths: [8, 16, 4],
        weightCommitment: keccak256(stringToHex("bench-weights")),
        computeUnits: 192n,
      },
    ]),
    call(requester, d.paymentToken, testStablecoinAbi, "mint", [requester, 10n ** 18n]),
    call(requester, d.paymentToken, testStablecoinAbi, "approve", [d.jobMarket, 2n ** 255n]),
  ];
  for (const bidder of bidders) {
    setup.push(
      call(deployer, d.token, verityTokenAbi, "transfer", [bidder, VRT(1_000_000)]),
      call(bidder, d.token, verityTokenAbi, "approve", [d.staking, 2n ** 255n]),
      call(bidder, d.staking, stakingAbi, "register", [JSON.stringify({ models: ["1"] })]),
      call(bidder, d.staking, stakingAbi, "stake", [VRT(1_000_000)]),
    );
  }
  await sendAll(anvil.url, setup);
  await mine(1n);

  const request = {
    modelId: 1n,
    maxPrice: 100_000_000n,
    executionWindow: 600n,
    consumer: "0x0000000000000000000000000000000000000000" as Address,
    callbackGasLimit: 0n,
    reauction: false,
    minCollateral: 0n,
    minReliabilityBps: 0n,
    noConviction: false,
  };
  const priceOf = (jobId: bigint, bidder: number) =>
    1_000_000n * (1n + ((jobId * 7n + BigInt(bidder) * 13n) % 90n));

  let events = await countLogs(anvil.url, indexed.addresses, indexed.selectors, [
    ...Array.from({ length: Number(mined[0] ?? 1n) }, (_, block) => BigInt(block)),
    ...mined,
  ]);
  let nextJob = 1n;
  for (let wave = 0; events < minEvents; wave++) {
    mined.length = 0;
    const ids = Array.from({ length: jobsPerWave }, (_, index) => nextJob + BigInt(index));
    nextJob += BigInt(jobsPerWave);
    await sendAll(
      anvil.url,
      ids.map(() => call(requester, d.jobMarket, jobMarketAbi, "postJob", [request, INPUT])),
    );
    await mine(1n);
    const bids = ids.flatMap((jobId) =>
      bidders.map((bidder, index) => ({ jobId, bidder, price: priceOf(jobId, index) })),
    );
    await sendAll(
      anvil.url,
      bids.map(({ jobId, bidder, price }) =>
        call(bidder, d.jobMarket, jobMarketAbi, "commitBid", [
          jobId,
          computeBidCommitment({
            jobId,
            round: 0,
            bidder,
            price,
            salt: saltOf(bidder, jobId, price),
          }),
        ]),
      ),
    );
    await mine(1n);
    // Highest price first: every reveal takes the lead.
    const reveals = [...bids].sort((a, b) =>
      a.jobId === b.jobId
        ? a.price > b.price
          ? -1
          : a.price < b.price
            ? 1
            : 0
        : a.jobId < b.jobId
          ? -1
          : 1,
    );
    await sendAll(
      anvil.url,
      reveals.map(({ jobId, bidder, price }) =>
        call(bidder, d.jobMarket, jobMarketAbi, "revealBid", [
          jobId,
          price,
          saltOf(bidder, jobId, price),
        ]),
      ),
    );
    await mine(10n);
    await sendAll(
      anvil.url,
      ids.map((jobId) => call(requester, d.jobMarket, jobMarketAbi, "settleAuction", [jobId])),
    );
    await mine(10n);
    events += await countLogs(anvil.url, indexed.addresses, indexed.selectors, mined);
    log(`wave ${wave + 1}: jobs ${ids[0]}..${ids.at(-1)}, ${events} indexed events so far`);
  }
  const jobCount = await client.readContract({
    address: d.jobMarket,
    abi: jobMarketAbi,
    functionName: "jobCount",
  });
  if (jobCount !== nextJob - 1n)
    throw new Error(`expected ${nextJob - 1n} jobs, the chain has ${jobCount}`);
  // Every event block must lie below the 30 unfinalized blocks Ponder indexes
  // in realtime, so that the whole run is historical sync.
  await test.mine({ blocks: 40 });
  await test.setAutomine(true);
  const blocks = await client.getBlockNumber({ cacheTime: 0 });
  return { jobs: Number(jobCount), blocks, events };
}
