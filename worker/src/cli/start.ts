/** `verity-worker start`: loads the configuration and the key, runs the worker until SIGINT or SIGTERM. */
import { loadAccount } from "../config/account.js";
import { loadConfig } from "../config/load.js";
import { createLogger } from "../log.js";
import { Worker, type WorkerOptions } from "../loop/worker.js";

export async function start(
  configPath: string,
  options: Pick<WorkerOptions, "createRunner"> = {},
): Promise<Worker> {
  const config = await loadConfig(configPath);
  const log = createLogger({ level: config.logLevel });
  const account = await loadAccount(config.keystoreFile);
  const worker = await Worker.start({ config, account, log, ...options });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("worker_stopping", { signal });
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  return worker;
}
