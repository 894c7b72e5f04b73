/**
 * Job end-to-end time on anvil (1 s blocks, the devnet's 10 s commit and 10 s
 * reveal windows): a worker child process bids on, wins, executes and submits
 * jobs posted one after another; the challenge window is skipped with
 * evm_increaseTime. Prints the phases in wall-clock seconds.
 *
 *   npx tsx bench/e2e.bench.ts [--jobs 5]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ANVIL_KEYS, increaseTime } from "../test/helpers/anvil.js";
import { randomInt8, rng } from "../test/helpers/model.js";
import { reached, waitFor } from "../test/helpers/protocol.js";
import { openScenario, workerConfig } from "../test/helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../test/helpers/worker-process.js";

const { values } = parseArgs({ options: { jobs: { type: "string", default: "5" } } });
const JOBS = Number(values.jobs);

async function main() {
  const s = await openScenario({ providers: [1] });
  const worker = new WorkerProcess(
    await writeWorkerConfig(join(s.tmp, "w"), workerConfig(s, "w")),
    {
      VERITY_PRIVATE_KEY: ANVIL_KEYS[1],
    },
  );
  const started = performance.now();
  worker.start();
  await waitFor(
    "worker start",
    async () => (await worker.events("worker_started")).length > 0,
    60_000,
  );
  const startup = (performance.now() - started) / 1000;
  const rows: { auction: number; execution: number; finalize: number; total: number }[] = [];
  const random = rng(1);
  try {
    for (let i = 0; i < JOBS; i++) {
      const t0 = performance.now();
      const jobId = await s.net.postJob(s.modelId, randomInt8(random, 16));
      let assignedAt = 0;
      await waitFor(
        "submitted",
        async () => {
          const status = (await s.net.job(jobId)).status;
          if (reached(status, "Assigned") && assignedAt === 0) assignedAt = performance.now();
          return reached(status, "Submitted");
        },
        120_000,
        50,
      );
      const submittedAt = performance.now();
      await increaseTime(s.anvil.url, 61);
      await waitFor(
        "finalized",
        async () => (await s.net.job(jobId)).status === "Finalized",
        60_000,
        50,
      );
      const done = performance.now();
      rows.push({
        auction: (assignedAt - t0) / 1000,
        execution: (submittedAt - assignedAt) / 1000,
        finalize: (done - submittedAt) / 1000,
        total: (done - t0) / 1000,
      });
    }
  } finally {
    await worker.kill("SIGTERM");
    await s.close();
  }
  const mean = (k: keyof (typeof rows)[number]) => rows.reduce((a, r) => a + r[k], 0) / rows.length;
  const max = (k: keyof (typeof rows)[number]) => Math.max(...rows.map((r) => r[k]));
  console.log(
    `worker startup (process start to first tick, model warmed): ${startup.toFixed(2)} s`,
  );
  console.log(
    `${rows.length} jobs, anvil 1 s blocks, commit 10 s + reveal 10 s, confirmations 1, poll 200 ms`,
  );
  console.log("| phase | mean (s) | max (s) |");
  console.log("| --- | ---: | ---: |");
  console.log(
    `| post -> assigned (auction windows + settle) | ${mean("auction").toFixed(2)} | ${max("auction").toFixed(2)} |`,
  );
  console.log(
    `| assigned -> result on chain (worker: run, persist, submit, 1 block) | ${mean("execution").toFixed(2)} | ${max("execution").toFixed(2)} |`,
  );
  console.log(
    `| challenge window skipped -> finalized by the worker | ${mean("finalize").toFixed(2)} | ${max("finalize").toFixed(2)} |`,
  );
  console.log(
    `| total (with the 60 s challenge window skipped) | ${mean("total").toFixed(2)} | ${max("total").toFixed(2)} |`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
