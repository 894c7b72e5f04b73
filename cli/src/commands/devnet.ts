/** `verity devnet`: one command for a whole local network, until Ctrl-C. */
import { parse, parseInteger } from "../args.js";
import { DEVNET_GRAPHQL_PORT, DEVNET_RPC_PORT, devAccounts } from "../devnet/accounts.js";
import { type Devnet, type DevnetProgress, startDevnet } from "../devnet/devnet.js";
import { DEVNET_EXPLORER_PORT } from "../devnet/explorer.js";
import { stopOnSignals } from "../devnet/processes.js";
import { recordRunningDevnet } from "../devnet/running.js";
import { color, keyValues, type Output, table } from "../output.js";

export const devnetUsage = `usage:
  verity devnet [--port <rpc port>] [--graphql-port <port>] [--explorer-port <port>]
                [--block-time <s>] [--jobs <n>] [--no-indexer] [--no-explorer] [--no-workers]
                [--no-model] [--dir <dir>] [--json]

Starts anvil (chain 31337), deploys the contracts, starts the indexer, the explorer, two provider
workers and a watcher, registers the sample MNIST model and posts a few jobs; then
runs until Ctrl-C and stops everything it started.

  --port          anvil's RPC port (default ${DEVNET_RPC_PORT})
  --graphql-port  the indexer's port (default ${DEVNET_GRAPHQL_PORT})
  --explorer-port the explorer web page's port (default ${DEVNET_EXPLORER_PORT})
  --block-time    seconds between blocks (default 1)
  --jobs          sample MNIST jobs to post (default 3)
  --dir           where logs, worker state and the deployment go (default a new temp dir)`;

export async function devnetCommand(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    {
      port: { type: "string" },
      "graphql-port": { type: "string" },
      "explorer-port": { type: "string" },
      "block-time": { type: "string" },
      jobs: { type: "string" },
      dir: { type: "string" },
      "no-indexer": { type: "boolean" },
      "no-explorer": { type: "boolean" },
      "no-workers": { type: "boolean" },
      "no-model": { type: "boolean" },
    },
    devnetUsage,
  );
  const started = Date.now();
  const timers = new Map<string, number>();
  const onProgress = (event: DevnetProgress) => {
    if (output.json) return;
    if (event.status === "start") {
      timers.set(event.step, Date.now());
      output.line(`${color.dim("…")} ${event.step}`);
      return;
    }
    const took = ((Date.now() - (timers.get(event.step) ?? Date.now())) / 1000).toFixed(1);
    if (event.status === "done")
      output.line(`${color.green("✓")} ${event.step} ${color.dim(`(${took} s)`)}`);
    else if (event.status === "skipped")
      output.line(`${color.yellow("-")} ${event.step}: skipped, ${event.detail}`);
    else
      output.line(
        `${color.red("✗")} ${event.step}: ${firstLine(event.detail)} ${color.dim("(continuing without it)")}`,
      );
  };

  // Before the first child starts: Ctrl-C or SIGTERM during setup stops what has started.
  let stopping = false;
  stopOnSignals(
    (signal) => {
      stopping = true;
      output.line();
      output.line(`${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping the devnet…`);
    },
    () => {
      output.line(`${color.green("✓")} stopped every process`);
      process.exit(0);
    },
  );

  const devnet = await startDevnet({
    port: parseInteger(values.port, "--port", DEVNET_RPC_PORT, 1, devnetUsage),
    graphqlPort: parseInteger(
      values["graphql-port"],
      "--graphql-port",
      DEVNET_GRAPHQL_PORT,
      1,
      devnetUsage,
    ),
    blockTime: parseInteger(values["block-time"], "--block-time", 1, 1, devnetUsage),
    sampleJobs: parseInteger(values.jobs, "--jobs", 3, 0, devnetUsage),
    dir: values.dir,
    indexer: !values["no-indexer"],
    explorer: !values["no-explorer"],
    explorerPort: parseInteger(
      values["explorer-port"],
      "--explorer-port",
      DEVNET_EXPLORER_PORT,
      1,
      devnetUsage,
    ),
    workers: !values["no-workers"],
    model: !values["no-model"],
    onProgress,
  }).catch(async (error: unknown) => {
    // A signal during setup makes the step under way fail: the signal's stop exits, not this.
    if (stopping) await new Promise<never>(() => {});
    throw error;
  });
  // Other commands find this devnet, on its real ports, while it runs (cli/src/devnet/running.ts).
  const forget = recordRunningDevnet({
    pid: process.pid,
    chainId: devnet.chainId,
    rpcUrl: devnet.rpcUrl,
    graphqlUrl: devnet.graphqlUrl,
    explorerUrl: devnet.explorer?.url,
    deploymentFile: devnet.deploymentFile,
    startedAt: new Date().toISOString(),
  });
  process.on("exit", forget);

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    output.line(`${reason}: stopping the devnet…`);
    void devnet.stop().finally(() => process.exit(1));
  };

  // A part that dies while the devnet runs is reported, not hidden.
  const watched = [
    devnet.anvil.process,
    ...(devnet.indexer ? [devnet.indexer.process] : []),
    ...(devnet.explorer ? [devnet.explorer.process] : []),
    ...devnet.workers.map((w) => w.process),
  ];
  for (const child of watched) {
    void child.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(
        `${color.red("!")} ${child.name} exited (${code}); see ${child.logFile}\n${child.tail(10)}\n`,
      );
      if (child === devnet.anvil.process) stop("anvil exited");
    });
  }

  output.result(summaryJson(devnet), () => printSummary(devnet, output, Date.now() - started));
}

function summaryJson(devnet: Devnet) {
  return {
    chainId: devnet.chainId,
    rpcUrl: devnet.rpcUrl,
    graphqlUrl: devnet.graphqlUrl ?? null,
    explorerUrl: devnet.explorer?.url ?? null,
    deployment: devnet.deployment,
    deploymentFile: devnet.deploymentFile,
    logDir: devnet.logDir,
    modelId: devnet.modelId ?? null,
    cnnModelId: devnet.cnnModelId ?? null,
    sampleJobs: devnet.sampleJobs,
    accounts: Object.fromEntries(
      Object.entries(devAccounts).map(([name, a]) => [
        name,
        { address: a.address, privateKey: a.privateKey },
      ]),
    ),
    parts: devnet.parts,
  };
}

function printSummary(devnet: Devnet, output: Output, ms: number): void {
  const d = devnet.deployment;
  output.line();
  output.line(
    color.bold(
      `Verity devnet is running (chain ${devnet.chainId}, ready in ${Math.round(ms / 1000)} s)`,
    ),
  );
  output.line();
  output.line(
    keyValues([
      ["RPC", color.cyan(devnet.rpcUrl)],
      [
        "GraphQL",
        devnet.graphqlUrl ? color.cyan(devnet.graphqlUrl) : color.yellow("not running (see above)"),
      ],
      [
        "explorer",
        devnet.explorer ? color.cyan(devnet.explorer.url) : color.yellow("not running (see above)"),
      ],
      ["deployment", devnet.deploymentFile],
      ["logs", devnet.logDir],
    ]),
  );
  output.line();
  output.line(color.bold("contracts"));
  const contracts: [string, string | undefined][] = [
    ["VRT token", d.token],
    ["payment token", d.paymentToken],
    ["parameters", d.parameters],
    ["staking", d.staking],
    ["model registry", d.modelRegistry],
    ["job market", d.jobMarket],
    ["dispute game", d.disputeGame],
    ["governor", d.governor],
    ["timelock", d.timelock],
  ];
  output.line(
    keyValues(
      contracts.flatMap(([name, address]) =>
        address === undefined ? [] : [[`  ${name}`, address] as const],
      ),
    ),
  );
  output.line();
  output.line(
    color.bold("accounts") +
      color.dim("  (anvil's public dev keys: never use them on a real network)"),
  );
  output.line(
    table([
      ["name", "address", "private key", "role"],
      ...Object.entries(devAccounts).map(([name, a]) => [name, a.address, a.privateKey, a.role]),
    ]),
  );
  output.line();
  output.line(color.bold("parts"));
  output.line(
    table([
      ["part", "status", "detail"],
      ...devnet.parts.map((p) => [
        p.name,
        p.status === "running" || p.status === "done"
          ? color.green(p.status)
          : color.yellow(p.status),
        firstLine(p.detail),
      ]),
    ]),
  );
  output.line();
  // The CLI's defaults are the default ports: on any other, every hint names this devnet's own
  // endpoints, so that a command never reaches another devnet (same addresses, other state).
  const where = endpointFlags(devnet);
  if (where !== "") {
    output.line(
      `this devnet is not on the default ports: the CLI finds it while it is the only devnet running; else give it ${color.cyan(where.trim())} (or set VERITY_RPC_URL and VERITY_GRAPHQL_URL)`,
    );
  }
  if (devnet.sampleJobs.length > 0) {
    output.line(`sample jobs ${devnet.sampleJobs.join(", ")} are in the market; follow one with`);
    output.line(color.cyan(`  npm run verity -- job wait ${devnet.sampleJobs[0]}${where}`));
  }
  if (devnet.modelId !== undefined) {
    output.line(
      `post your own: ${color.cyan(`npm run verity -- job post --model ${devnet.modelId} --digit 7 --max-price 5 --wait${where}`)}`,
    );
  }
  if (devnet.cnnModelId !== undefined) {
    output.line(
      `on the sample CNN: ${color.cyan(`npm run verity -- job post --model ${devnet.cnnModelId} --digit 7 --max-price 5 --wait${where}`)}`,
    );
  }
  output.line();
  output.line(color.dim("Ctrl-C stops everything."));
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0] ?? "";
}

/** ` --rpc <url> [--graphql <url>]` when the devnet does not run on the CLI's default ports, else "". */
export function endpointFlags(devnet: Pick<Devnet, "rpcUrl" | "graphqlUrl">): string {
  const defaultRpc = `http://127.0.0.1:${DEVNET_RPC_PORT}`;
  const defaultGraphql = `http://127.0.0.1:${DEVNET_GRAPHQL_PORT}/graphql`;
  const sameRpc = devnet.rpcUrl.replace(/\/$/, "") === defaultRpc;
  const sameGraphql = devnet.graphqlUrl === undefined || devnet.graphqlUrl === defaultGraphql;
  if (sameRpc && sameGraphql) return "";
  return ` --rpc ${devnet.rpcUrl}${devnet.graphqlUrl !== undefined && !sameGraphql ? ` --graphql ${devnet.graphqlUrl}` : ""}`;
}
