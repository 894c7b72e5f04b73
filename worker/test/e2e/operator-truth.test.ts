/**
 * What the worker tells its operator, on a real anvil with the real contracts:
 * `/health` is red with the reason when no model is loaded; an input withheld
 * after the bid costs nothing; and the metrics before and after a real slash
 * show it exactly (count, amount, stake), and keep the money counters across
 * a restart.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { formatUnits, keccak256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { health, sample, scrape } from "../helpers/metrics-text.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const VRT = (wei: bigint) => Number(formatUnits(wei, 18));

describe("the worker tells its operator the truth", () => {
  let s: Scenario;
  let worker: WorkerProcess;

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    worker = new WorkerProcess(await writeWorkerConfig(join(s.tmp, "w1"), workerConfig(s, "w1")), {
      VERITY_PRIVATE_KEY: ANVIL_KEYS[1],
    });
    worker.start();
    await waitFor(
      "worker start",
      async () => (await worker.events("worker_started")).length > 0,
      60_000,
    );
  });

  afterAll(async () => {
    await worker?.kill("SIGTERM");
    await s?.close();
  });

  it("is unhealthy, with the reason, when its only model file was tampered with", async () => {
    const tamperedDir = join(s.tmp, "tampered-models");
    await mkdir(tamperedDir, { recursive: true });
    const onnx = await readFile(join(s.modelsDir, s.model.file));
    onnx[onnx.length - 1] = (onnx[onnx.length - 1] ?? 0) ^ 1;
    await writeFile(join(tamperedDir, s.model.file), onnx);
    const json = s.model.file.replace(/\.onnx$/, ".verity.json");
    await copyFile(join(s.modelsDir, json), join(tamperedDir, json));
    const broken = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "tampered"),
        workerConfig(s, "tampered", { modelsDir: tamperedDir, bidding: { enabled: false } }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[4] },
    );
    broken.start();
    try {
      await waitFor(
        "tampered start",
        async () => (await broken.events("worker_started")).length > 0,
        60_000,
      );
      expect(await broken.events("model_refused")).toEqual([
        expect.objectContaining({ reason: expect.stringMatching(/artifact hash mismatch/) }),
      ]);
      const report = await waitFor("a tick", async () => {
        const h = await health(broken);
        return h.body.reasons.some((r) => /tick yet/.test(r)) ? undefined : h;
      });
      expect(report.status).toBe(503);
      expect(report.body.healthy).toBe(false);
      expect(report.body.reasons).toEqual([expect.stringMatching(/no model loaded/)]);
      // The worker with the right file is green, and says why nothing is wrong: no reasons.
      const good = await health(worker);
      expect(good).toEqual({
        status: 200,
        body: expect.objectContaining({ healthy: true, reasons: [] }),
      });
    } finally {
      await broken.kill("SIGTERM");
    }
  });

  it("refuses to start on a deployment whose contracts are not on the node's chain", async () => {
    const deployment = JSON.parse(await readFile(s.deploymentFile, "utf8")) as Record<
      string,
      unknown
    >;
    const wrongFile = join(s.tmp, "wrong-deployment.json");
    await writeFile(
      wrongFile,
      JSON.stringify({ ...deployment, jobMarket: "0x00000000000000000000000000000000000000aa" }),
    );
    const wrong = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "wrong"),
        workerConfig(s, "wrong", { deploymentFile: wrongFile }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[4] },
    );
    wrong.start();
    const [fatal] = await waitFor(
      "refusal",
      async () => {
        const lines = await wrong.events("fatal");
        return lines.length > 0 ? lines : undefined;
      },
      60_000,
    );
    expect(JSON.stringify(fatal)).toMatch(
      /No contract code at the deployment's addresses on chain 31337.*jobMarket at 0x0+aa/i,
    );
    await waitFor("exit", async () => !wrong.running);
    expect(await wrong.events("worker_started")).toEqual([]);
  });

  it("is not slashed when a URI input is served once and then withheld", async () => {
    const input = randomInt8(rng(77), 16);
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
    let served = 0;
    const server = createServer((_req, res) => {
      served++;
      res.writeHead(served === 1 ? 200 : 404);
      res.end(served === 1 ? bytes : undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const jobId = await s.net.postJobWithUri(
        s.modelId,
        `http://127.0.0.1:${port}/input`,
        keccak256(bytes),
      );
      await waitFor(
        "submitted",
        async () => reached((await s.net.job(jobId)).status, "Submitted"),
        90_000,
      );
      await increaseTime(s.anvil.url, 61);
      await waitFor(
        "finalized",
        async () => (await s.net.job(jobId)).status === "Finalized",
        60_000,
      );
      expect(served).toBe(1);
      const me = s.net.address(1);
      const slashed = (await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed");
      expect(slashed).toEqual([]);
      const missed = (await s.net.marketEvents()).filter((e) => e.eventName === "DeadlineMissed");
      expect(missed).toEqual([]);
      expect((await s.net.stake(me)).locked).toBe(0n);
      const text = await waitFor("earnings", async () => {
        const t = await scrape(worker);
        return (sample(t, "verity_worker_earnings_total") ?? 0) > 0 ? t : undefined;
      });
      expect(sample(text, "verity_worker_slashes_total", { reason: "missed_deadline" })).toBe(0);
      expect(sample(text, "verity_worker_auctions_won_total")).toBe(1);
      // RPC requests, by method, counted and timed; no stray unlabeled series in labeled families.
      expect(
        sample(text, "verity_worker_rpc_requests_total", { method: "eth_getBlockByNumber" }),
      ).toBeGreaterThan(0);
      expect(
        sample(text, "verity_worker_rpc_request_duration_seconds_count", {
          method: "eth_getBlockByNumber",
        }),
      ).toBeGreaterThan(0);
      for (const family of [
        "verity_worker_rpc_requests_total",
        "verity_worker_slashes_total",
        "verity_worker_missed_phases_total",
      ])
        expect(sample(text, family)).toBeUndefined();
      // The job's inference time is logged, apart from reading its input.
      const [done] = await worker.events("inference_done");
      expect(Number(done?.inferenceMs)).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("shows a real slash in its metrics, exactly, and keeps it across a restart", async () => {
    const me = s.net.address(1);
    const before = await scrape(worker);
    const stakeBefore = await s.net.stake(me);
    expect(sample(before, "verity_worker_slashes_total", { reason: "unrevealed_bid" })).toBe(0);
    expect(sample(before, "verity_worker_slashed_vrt_total", { reason: "unrevealed_bid" })).toBe(0);
    expect(sample(before, "verity_worker_stake_vrt", { state: "bonded" })).toBe(
      VRT(stakeBefore.bonded),
    );
    expect(sample(before, "verity_worker_gas_balance_eth")).toBeGreaterThan(0);
    const earned = sample(before, "verity_worker_earnings_total") ?? 0;
    expect(earned).toBeGreaterThan(0);

    // Killed through the reveal phase, the restarted worker forfeits its own commitment: a slash.
    const jobId = await s.net.postJob(s.modelId, randomInt8(rng(78), 16));
    await waitFor(
      "commit",
      async () =>
        (await s.net.marketEvents()).some(
          (e) => e.eventName === "BidCommitted" && e.args.jobId === jobId && e.args.bidder === me,
        ),
      30_000,
    );
    await worker.kill("SIGKILL");
    const job = await s.net.job(jobId);
    await increaseTime(
      s.anvil.url,
      job.revealDeadline - Number((await s.net.client.getBlock()).timestamp) + 2,
    );
    worker.start();
    const forfeited = await waitFor(
      "forfeit",
      async () =>
        (await s.net.marketEvents()).find(
          (e) => e.eventName === "BidForfeited" && e.args.jobId === jobId,
        ),
      60_000,
    ).catch(async (error) => {
      throw new Error(`${error}\n${await worker.tail()}`);
    });
    const slashed = forfeited.eventName === "BidForfeited" ? forfeited.args.slashed : 0n;
    expect(slashed).toBeGreaterThan(0n);
    const stakeAfter = await s.net.stake(me);
    expect(stakeAfter.bonded).toBe(stakeBefore.bonded - slashed);

    const after = await waitFor(
      "slash and stake in the metrics",
      async () => {
        const t = await scrape(worker);
        return sample(t, "verity_worker_slashes_total", { reason: "unrevealed_bid" }) === 1 &&
          sample(t, "verity_worker_stake_vrt", { state: "bonded" }) === VRT(stakeAfter.bonded)
          ? t
          : undefined;
      },
      30_000,
    );
    expect(sample(after, "verity_worker_slashed_vrt_total", { reason: "unrevealed_bid" })).toBe(
      VRT(slashed),
    );
    // A slash of a fraction of a token shows: the gauge is not truncated to whole tokens.
    expect(
      VRT(stakeBefore.bonded) -
        (sample(after, "verity_worker_stake_vrt", { state: "bonded" }) ?? 0),
    ).toBeCloseTo(VRT(slashed), 9);
    expect(sample(after, "verity_worker_stake_vrt", { state: "locked" })).toBe(
      VRT(stakeAfter.locked),
    );
    // Money counters survived the SIGKILL: the earnings of the earlier job are still counted.
    expect(sample(after, "verity_worker_earnings_total")).toBe(earned);
    expect((await health(worker)).body.reasons).toEqual([
      expect.stringMatching(/missed reveal x1/),
    ]);

    // And a clean restart keeps them too (persisted in the state directory).
    await worker.kill("SIGTERM");
    worker.start();
    const restarted = await waitFor("metrics after restart", async () => {
      try {
        const t = await scrape(worker);
        return (await worker.events("worker_started")).length >= 3 ? t : undefined;
      } catch {
        return undefined;
      }
    });
    expect(sample(restarted, "verity_worker_slashes_total", { reason: "unrevealed_bid" })).toBe(1);
    expect(sample(restarted, "verity_worker_slashed_vrt_total", { reason: "unrevealed_bid" })).toBe(
      VRT(slashed),
    );
    expect(sample(restarted, "verity_worker_earnings_total")).toBe(earned);
  });
});
