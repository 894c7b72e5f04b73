/** One worker takes one job through its whole life on a real anvil with the real contracts. */

import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { activationHash, int8ToHex, traceCommitment } from "@verity/model/commitments";
import { execute } from "@verity/model/executor";
import { keccak256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime, ROOT } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

/** On-chain values of the generated enum, for the raw reads of the test net. */
describe("one worker, one job", () => {
  let s: Scenario;
  let worker: WorkerProcess;

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    const files = await writeWorkerConfig(join(s.tmp, "w1"), workerConfig(s, "w1"));
    worker = new WorkerProcess(files, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
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

  it("bids, wins, executes, submits the right trace, finalizes and claims", async () => {
    const input = randomInt8(rng(42), 16);
    const jobId = await s.net.postJob(s.modelId, input);
    const submitted = await waitFor(
      "result",
      async () => {
        const job = await s.net.job(jobId);
        return reached(job.status, "Submitted") ? job : undefined;
      },
      90_000,
    ).catch(async (error) => {
      throw new Error(`${error}\n${await worker.tail()}`);
    });
    expect(submitted.provider).toBe(s.net.address(1));

    // The submitted output and trace are exactly the reference executor's.
    const activations = execute(s.model.model, input);
    const events = await s.net.marketEvents();
    const result = events.find((e) => e.eventName === "ResultSubmitted");
    expect(result?.eventName).toBe("ResultSubmitted");
    if (result?.eventName !== "ResultSubmitted") return;
    expect(result.args.output).toBe(int8ToHex(activations[activations.length - 1] as Int8Array));
    expect(result.args.outputHash).toBe(
      activationHash(activations[activations.length - 1] as Int8Array),
    );
    expect(result.args.traceRoot).toBe(traceCommitment(activations));
    expect(result.args.layerHashes).toEqual(activations.slice(1, -1).map(activationHash));

    // Nobody disputes: skip the challenge window; the worker finalizes and claims its payment.
    await increaseTime(s.anvil.url, 61);
    await waitFor("finalized", async () => (await s.net.job(jobId)).status === "Finalized", 30_000);
    const paid = await waitFor(
      "claim",
      async () => {
        const balance = await s.net.tokenBalance(s.net.deployment.paymentToken, s.net.address(1));
        return balance > 0n ? balance : undefined;
      },
      30_000,
    );
    expect(paid).toBe(submitted.price - (submitted.price * 100n) / 10_000n);

    // Metrics and health over HTTP.
    const [listening] = await worker.events("metrics_listening");
    const port = Number(listening?.port);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const metrics = await waitFor("finalization metrics", async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return /verity_worker_jobs_finalized_total 1/.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/verity_worker_bids_committed_total 1/);
    expect(metrics).toMatch(/verity_worker_results_submitted_total 1/);
    expect(metrics).toMatch(/verity_worker_jobs_finalized_total 1/);
    expect(metrics).toMatch(/verity_worker_inference_latency_seconds_count 1/);
    expect(metrics).toMatch(/verity_worker_missed_deadlines_in_a_row 0/);
    expect(metrics).toMatch(/verity_worker_bids_forfeited_total 0/);

    // Never a secret in the logs.
    const text = JSON.stringify(await worker.logLines());
    expect(text).not.toContain(ANVIL_KEYS[1].slice(2));

    // The status command reads the same state.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "worker/src/cli/main.ts"),
        "status",
        "--config",
        worker.files.config,
        "--json",
      ],
      { cwd: join(ROOT, "worker"), env: { ...process.env, VERITY_PRIVATE_KEY: ANVIL_KEYS[1] } },
    );
    const status = JSON.parse(stdout) as {
      jobs: { jobId: string; bid: string; result: string; onchain: string }[];
    };
    expect(status.jobs).toContainEqual(
      expect.objectContaining({
        jobId: jobId.toString(),
        bid: "revealed",
        result: "finalized",
        onchain: "Finalized",
      }),
    );
  });

  // Issue 10 "Input availability" / issue 12 item 3: a requester serves its URI input to the
  // bidders, then withholds it from the winner to collect the liveness slash. The worker fetched
  // and kept the bytes at bid time, so it executes and submits without asking again.
  it("executes a URI input from the bytes kept at bid time when the requester then withholds it", async () => {
    const input = randomInt8(rng(43), 16);
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      if (requests === 1) {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(bytes);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const jobId = await s.net.postJobWithUri(
        s.modelId,
        `http://127.0.0.1:${port}/input`,
        keccak256(bytes),
      );
      const submitted = await waitFor(
        "result on the withheld input",
        async () => {
          const job = await s.net.job(jobId);
          return reached(job.status, "Submitted") ? job : undefined;
        },
        90_000,
      ).catch(async (error) => {
        throw new Error(`${error}\n${await worker.tail()}`);
      });
      expect(submitted.provider).toBe(s.net.address(1));
      const activations = execute(s.model.model, input);
      const result = (await s.net.marketEvents()).find(
        (e) => e.eventName === "ResultSubmitted" && e.args.jobId === jobId,
      );
      expect(result?.eventName === "ResultSubmitted" && result.args.outputHash).toBe(
        activationHash(activations[activations.length - 1] as Int8Array),
      );
      // Fetched once, at bid time; the 404s afterwards never mattered.
      expect(requests).toBe(1);
      const missed = (await s.net.marketEvents()).filter(
        (e) => e.eventName === "DeadlineMissed" && e.args.jobId === jobId,
      );
      expect(missed).toHaveLength(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // A commitment that is never revealed keeps the job's whole collateral locked until someone
  // forfeits it. A worker that missed its reveal (here: killed through the reveal phase) forfeits
  // its own commitment as soon as it can, losing the liveness share and freeing the rest.
  it("forfeits its own commitment after missing the reveal, and says so loudly", async () => {
    const me = s.net.address(1);
    // The previous test's job finalizes first, so that nothing else holds collateral.
    await increaseTime(s.anvil.url, 61);
    await waitFor(
      "no collateral locked",
      async () => (await s.net.stake(me)).locked === 0n,
      30_000,
    );
    const bondedBefore = (await s.net.stake(me)).bonded;
    const jobId = await s.net.postJob(s.modelId, randomInt8(rng(44), 16));
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
    expect((await s.net.stake(me)).locked).toBe(job.collateral);
    // The reveal phase passes while the worker is down.
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
    const slashed = (job.collateral * 1000n) / 10_000n;
    expect(forfeited.eventName === "BidForfeited" && forfeited.args.bidder).toBe(me);
    expect(forfeited.eventName === "BidForfeited" && forfeited.args.slashed).toBe(slashed);
    // The worker sent it itself, and the rest of the collateral is free again.
    const receipt = await s.net.client.getTransaction({ hash: forfeited.transactionHash });
    expect(receipt.from.toLowerCase()).toBe(me.toLowerCase());
    const after = await s.net.stake(me);
    expect(after.locked).toBe(0n);
    expect(after.bonded).toBe(bondedBefore - slashed);
    expect(await worker.events("bid_reveal_missed")).toHaveLength(1);
    // The worker logs once its receipt is in, which can be after the test saw the event.
    await waitFor("forfeit log", async () => (await worker.events("bid_forfeited")).length > 0);
    expect(await worker.events("bid_forfeited")).toHaveLength(1);
    const [listening] = (await worker.events("metrics_listening")).slice(-1);
    const text = await (await fetch(`http://127.0.0.1:${Number(listening?.port)}/metrics`)).text();
    expect(text).toMatch(/verity_worker_bids_forfeited_total 1/);
    expect(text).toMatch(/verity_worker_missed_phases_total\{phase="reveal"\} 1/);
  });
});
