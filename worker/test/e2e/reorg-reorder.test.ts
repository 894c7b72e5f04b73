/**
 * A reorg that re-orders two requesters' posts, so that the id the worker bid on names the other
 * requester's job, while the worker's commit survives: the market keys a commitment by job id and
 * round, not by input, so the re-mined commit now bids on that job. The worker must reveal it
 * (with the salt it kept) and serve the job it names now, computed from that job's input; had it
 * dropped the salt with the old job's records, the commitment could only be forfeited, a
 * liveness slash of its collateral.
 */
import { join } from "node:path";
import { fund } from "@verity/cli/devnet/fund";
import { activationHash, int8ToHex } from "@verity/model/commitments";
import { execute } from "@verity/model/executor";
import { getBidCommitment } from "@verity/sdk";
import { erc20Abi, keccak256, maxUint256, parseUnits, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { reorgReordering } from "../helpers/chain-faults.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const FIRST = 9; // the requester whose post the reorg drops
const SECOND = 8; // the requester whose post takes its id
const MAX_PRICE = parseUnits("5", 6);

describe("a reorg that gives a job id to another requester's post", () => {
  let s: Scenario;
  let worker: WorkerProcess;
  const random = rng(47);

  beforeAll(async () => {
    // Windows longer than the reorg, as in reorg.test.ts: anvil re-mines at the fork's timestamp.
    s = await openScenario({
      providers: [1],
      blockTime: 2,
      auctionWindows: { commit: 30, reveal: 20 },
    });
    // Both requesters are funded and have approved the market up front: the second one's post
    // is then its only transaction in the reorged blocks, and can move to the front of them.
    for (const requester of [FIRST, SECOND]) {
      await fund(s.net.verity(0), { to: s.net.address(requester), usd: MAX_PRICE });
      const wallet = s.net.wallet(requester);
      const hash = await wallet.writeContract({
        address: s.net.deployment.paymentToken,
        abi: erc20Abi,
        functionName: "approve",
        args: [s.net.deployment.jobMarket, maxUint256],
      });
      await s.net.client.waitForTransactionReceipt({ hash });
    }
    // One job first: a post that makes the market's job counter nonzero costs 17K more gas, and
    // the second post, estimated as job N + 1, would run out of gas re-mined as job N. Priced at
    // 1 unit, below any cost, so that the worker leaves it alone.
    await s.net.postJob(s.modelId, randomInt8(random, 16), { requester: 7, maxPrice: 1n });
    const files = await writeWorkerConfig(join(s.tmp, "w"), workerConfig(s, "w"));
    worker = new WorkerProcess(files, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
    worker.start();
    await waitFor(
      "worker start",
      async () => (await worker.events("worker_started")).length > 0,
      90_000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail()}`);
    });
  });

  afterAll(async () => {
    await worker?.kill("SIGTERM");
    await s?.close();
  });

  async function post(requester: number, input: Int8Array) {
    return s.net.verity(requester).postJob({
      modelId: s.modelId,
      maxPrice: MAX_PRICE,
      executionWindow: 120n,
      minCollateral: 0n,
      checkInputWidth: false,
      approve: false,
      input: int8ToHex(input),
    });
  }

  it("reveals the re-mined commit and serves the job the id names now", async () => {
    const me = s.net.address(1);
    const first = await post(FIRST, randomInt8(random, 16));
    const jobId = first.jobId;
    await waitFor(
      "the worker's commit",
      async () => (await getBidCommitment(s.net.verity(0), { jobId, bidder: me })) !== zeroHash,
      120_000,
      100,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(60)}`);
    });

    const inputB = randomInt8(random, 16);
    const second = await post(SECOND, inputB);
    expect(second.jobId).toBe(jobId + 1n);
    const head = await s.net.client.getBlockNumber({ cacheTime: 0 });
    await reorgReordering(s.anvil.url, Number(head - first.receipt.blockNumber) + 1, {
      drop: first.hash,
      first: second.hash,
    });

    // What the reorg made: the id names the second post, and our commit bids on it.
    const now = await s.net.job(jobId);
    expect(now.requester).toBe(s.net.address(SECOND));
    expect(now.inputHash).toBe(keccak256(int8ToHex(inputB)));
    expect(await getBidCommitment(s.net.verity(0), { jobId, bidder: me })).not.toBe(zeroHash);

    await waitFor(
      `job ${jobId} submitted`,
      async () => {
        const job = await s.net.job(jobId);
        return reached(job.status, "Submitted") && job.provider === me;
      },
      150_000,
      500,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(80)}`);
    });

    // Computed from the input of the job the id names now, not from the dropped one's.
    const activations = execute(s.model.model, inputB);
    const output = activations[activations.length - 1] as Int8Array;
    const submitted = (await s.net.marketEvents()).find(
      (e) => e.eventName === "ResultSubmitted" && e.args.jobId === jobId,
    );
    if (submitted?.eventName !== "ResultSubmitted") throw new Error("no ResultSubmitted");
    expect(submitted.args.output).toBe(int8ToHex(output));
    expect(submitted.args.outputHash).toBe(activationHash(output));

    await increaseTime(s.anvil.url, 61);
    await waitFor("finalized", async () => (await s.net.job(jobId)).status === "Finalized", 60_000);
    const replaced = await worker.events("job_replaced");
    const rolledBack = await worker.events("job_rolled_back");
    expect(replaced.length + rolledBack.length).toBeGreaterThan(0);
    expect(await worker.events("bid_inherited_unrevealable")).toEqual([]);
    const lost = (await s.net.marketEvents()).filter((e) => e.eventName === "BidForfeited");
    expect(lost).toEqual([]);
    expect((await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed")).toEqual([]);
  }, 300_000);
});
