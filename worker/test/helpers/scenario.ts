/** One test network: anvil, the deployed protocol, and a small registered integer model. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnyModel } from "@verity/model/types";
import { type Anvil, deployProtocol, setIntervalMining, startAnvil } from "./anvil.js";
import { type ModelFiles, randomModel, writeModel } from "./model.js";
import { TestNet } from "./protocol.js";

export type Scenario = {
  tmp: string;
  anvil: Anvil;
  net: TestNet;
  deploymentFile: string;
  modelsDir: string;
  model: ModelFiles;
  modelId: bigint;
  close(): Promise<void>;
};

export type ScenarioOptions = {
  widths?: number[];
  /** The model to register instead of a random dense one of `widths` (e.g. a small CNN). */
  model?: AnyModel;
  seed?: number;
  /** Seconds between blocks once set up (setup itself mines on every transaction). */
  blockTime?: number;
  /** Anvil accounts to register as providers with 10,000 VRT staked. */
  providers?: number[];
  /** Deploy and wire the dispute game when the deploy script did not. */
  disputeGame?: boolean;
  /** Commit and reveal windows in seconds, set through governance before any job (default: the devnet's 10 s). */
  auctionWindows?: { commit: number; reveal: number };
};

export async function openScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const tmp = await mkdtemp(join(tmpdir(), "verity-worker-"));
  const anvil = await startAnvil();
  const deploymentFile = join(tmp, "deployment.json");
  await deployProtocol(anvil, deploymentFile);
  const net = await TestNet.open(anvil.url, deploymentFile);
  const modelsDir = join(tmp, "models");
  const model = await writeModel(
    modelsDir,
    "tiny",
    options.model ?? randomModel(options.widths ?? [16, 32, 32, 4], options.seed ?? 7),
  );
  const modelId = await net.registerModel(model);
  for (const index of options.providers ?? []) await net.provider(index);
  if (options.disputeGame) await net.ensureDisputeGame();
  if (options.auctionWindows) await net.setAuctionWindows(options.auctionWindows);
  await setIntervalMining(anvil.url, options.blockTime ?? 1);
  return {
    tmp,
    anvil,
    net,
    deploymentFile,
    modelsDir,
    model,
    modelId,
    close: async () => {
      await anvil.stop();
      if (!process.env.VERITY_KEEP_TMP) await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** A worker configuration for this scenario; `overrides` are merged at the top level. */
export function workerConfig(
  s: Scenario,
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    rpcUrl: s.anvil.url,
    deploymentFile: s.deploymentFile,
    stateDir: join(s.tmp, name, "state"),
    modelsDir: s.modelsDir,
    models: [{ id: s.modelId.toString(), file: s.model.file }],
    // Amounts in the payment token's smallest unit (tUSD has 6 decimals): a job of the default
    // 5 tUSD has a bid floor of 0.05 tUSD (50,000) on the devnet; this prices at about 0.12 tUSD.
    pricing: {
      costPerComputeUnit: "0.5",
      fixedCostPerJob: "100000",
      marginBps: 2000,
      minPrice: "1000",
    },
    confirmations: 1,
    pollIntervalMs: 200,
    claimIntervalMs: 1000,
    execution: { safetySeconds: 2, warmupRuns: 5 },
    metrics: { enabled: true, host: "127.0.0.1", port: 0 },
    ...overrides,
  };
}
