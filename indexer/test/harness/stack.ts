import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Deployment } from "../../deployment.js";
import { type Anvil, deploy, startAnvil } from "./chain.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { type Ponder, startPonder } from "./ponder.js";
import { type Protocol, protocol } from "./protocol.js";

export type Stack = {
  dir: string;
  anvil: Anvil;
  deployment: Deployment;
  deploymentPath: string;
  database: TestDatabase;
  ponder: Ponder;
  verity: Protocol;
  /** Waits until the indexer has indexed the chain's newest block. */
  synced(timeoutMs?: number): Promise<bigint>;
  stop(): Promise<void>;
};

/**
 * A fresh anvil with Verity deployed and the real indexer (`ponder start`)
 * following it, on PGlite or, under `npm run test:pg`, on a fresh PostgreSQL
 * database.
 */
export async function startStack(name: string, { accounts = 10 } = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), `verity-${name}-`));
  const started: { stop(): Promise<void> }[] = [];
  try {
    const anvil = await startAnvil(dir, { accounts });
    started.push(anvil);
    const { path: deploymentPath, deployment } = await deploy(anvil, dir);
    const database = await createTestDatabase(name);
    started.push({ stop: () => database.drop() });
    const ponder = await startPonder({
      dir,
      rpcUrl: anvil.url,
      deploymentPath,
      databaseUrl: database.url,
    });
    started.push(ponder);
    const verity = protocol(anvil.clients, deployment);
    return {
      dir,
      anvil,
      deployment,
      deploymentPath,
      database,
      ponder,
      verity,
      async synced(timeoutMs) {
        const head = await anvil.clients.public.getBlockNumber({ cacheTime: 0 });
        await ponder.waitForBlock(head, timeoutMs);
        return head;
      },
      async stop() {
        await stopAll(started);
        if (process.env.VERITY_KEEP_TEST_DIR !== "true")
          rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** Stops in reverse order of start: the indexer before its database and its chain. */
async function stopAll(started: { stop(): Promise<void> }[]) {
  for (const service of started.reverse()) {
    try {
      await service.stop();
    } catch (error) {
      console.error(error);
    }
  }
}
