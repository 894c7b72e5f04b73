/**
 * docs/worker.md, "From zero to a paid job", followed on a fresh chain by a
 * fresh account that holds only ETH and VRT: keystore import, `init` (checks,
 * register, stake the minimum the parameters require, configuration with
 * prices in whole tokens), `start`, a job posted, and the payment in the
 * account. Only the URLs and paths differ from the doc (the doc's devnet is
 * `npm run devnet`; here the test's own anvil).
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime, ROOT } from "../helpers/anvil.js";
import { health } from "../helpers/metrics-text.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario } from "../helpers/scenario.js";
import { WorkerProcess } from "../helpers/worker-process.js";

const BIN = join(ROOT, "worker/bin/verity-worker.mjs");
const NEW_PROVIDER = 6;

function run(args: string[], env: Record<string, string>, input = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, VERITY_PRIVATE_KEY: "", ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(input);
  });
}

/** The flags of the doc's `init` command. */
async function documentedInitFlags(): Promise<string[]> {
  const doc = await readFile(join(ROOT, "docs/worker.md"), "utf8");
  const block = /```sh\n\s*(node worker\/bin\/verity-worker\.mjs init[\s\S]*?)```/.exec(doc)?.[1];
  if (block === undefined) throw new Error("docs/worker.md has no `verity-worker init` block");
  return [...block.matchAll(/(--[a-z-]+)/g)].map((m) => m[1] as string);
}

describe("onboarding, as docs/worker.md tells it", () => {
  let s: Scenario;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    s = await openScenario();
    // The devnet's spare account holds ETH and 1000 VRT; this fresh anvil account gets the same.
    await s.net.giveTokens(s.net.address(NEW_PROVIDER), parseUnits("1000", 18));
  });

  afterAll(async () => {
    await worker?.kill("SIGTERM");
    await s?.close();
  });

  it("takes a new provider from a key to a paid job", async () => {
    const me = s.net.address(NEW_PROVIDER);
    const dir = join(s.tmp, "provider");
    await mkdir(dir, { recursive: true });
    const passwordFile = join(dir, "password");
    await writeFile(passwordFile, "a long password\n", { mode: 0o600 });
    const env = { VERITY_KEYSTORE_PASSWORD_FILE: passwordFile };

    // 2. The key, in a keystore (a small scrypt cost keeps the test fast; the doc uses the default).
    const keystore = join(dir, "key.json");
    const imported = JSON.parse(
      await run(
        ["keystore", "import", "--out", keystore, "--scrypt-n", "1024"],
        env,
        `${ANVIL_KEYS[NEW_PROVIDER]}\n`,
      ),
    ) as { address: string };
    expect(imported.address).toBe(me);
    expect((await s.net.stake(me)).registered).toBe(false);

    // 3. init, with the doc's flags.
    const config = join(dir, "worker.json");
    const flags = {
      "--rpc": s.anvil.url,
      "--deployment": s.deploymentFile,
      "--keystore": keystore,
      "--model": `${s.modelId}=${s.model.file}`,
      "--models-dir": s.modelsDir,
      "--stake": "200",
      "--fixed-cost": "0.1",
      "--min-price": "0.05",
      "--margin-bps": "2000",
      "--state-dir": join(dir, "state"),
      "--metrics-port": "0",
      "--out": config,
    };
    expect(new Set(await documentedInitFlags())).toEqual(new Set(Object.keys(flags)));
    const out = await run(["init", ...Object.entries(flags).flat()], env);
    expect(out).toMatch(/ok {2}gas +\d/);
    expect(out).toMatch(/matches the registry/);
    expect(out).toMatch(/registered as a provider/);
    expect(out).toMatch(/bonded 200\.?0* VRT \(minimum 100 VRT\)/);
    expect(out).toMatch(/next: verity-worker start --config/);
    const stake = await s.net.stake(me);
    expect(stake).toMatchObject({ registered: true, bonded: parseUnits("200", 18), locked: 0n });
    const written = JSON.parse(await readFile(config, "utf8")) as {
      pricing: Record<string, unknown>;
    };
    expect(written.pricing).toMatchObject({
      decimals: 6,
      fixedCostPerJob: "0.1",
      minPrice: "0.05",
    });
    // Running init again changes nothing on chain and refuses to overwrite the file.
    await expect(run(["init", ...Object.entries(flags).flat()], env)).rejects.toThrow(
      /exists: pass --force/,
    );

    // 4. start.
    worker = new WorkerProcess({ dir, config, log: join(dir, "worker.log") }, env);
    worker.start();
    const w = worker;
    await waitFor(
      "worker start",
      async () => (await w.events("worker_started")).length > 0,
      60_000,
    ).catch(async (error) => {
      throw new Error(`${error}\n${await w.tail()}`);
    });
    await waitFor("healthy", async () => (await health(w)).body.healthy, 30_000);

    // 5. A job is posted; the new provider wins it, is paid and claims.
    const jobId = await s.net.postJob(s.modelId, randomInt8(rng(5), 16));
    const submitted = await waitFor(
      "result",
      async () => {
        const job = await s.net.job(jobId);
        return reached(job.status, "Submitted") ? job : undefined;
      },
      90_000,
    ).catch(async (error) => {
      throw new Error(`${error}\n${await w.tail()}`);
    });
    expect(submitted.provider).toBe(me);
    // 0.1 tUSD fixed cost + 20% margin.
    expect(submitted.price).toBe(120_000n);
    await increaseTime(s.anvil.url, 61);
    await waitFor("finalized", async () => (await s.net.job(jobId)).status === "Finalized", 60_000);
    const paid = await waitFor(
      "payment claimed",
      async () => {
        const balance = await s.net.tokenBalance(s.net.deployment.paymentToken, me);
        return balance > 0n ? balance : undefined;
      },
      90_000,
    ).catch(async (error) => {
      throw new Error(`${error}\n${await w.tail()}`);
    });
    expect(paid).toBe(submitted.price - (submitted.price * 100n) / 10_000n);
  });
});
