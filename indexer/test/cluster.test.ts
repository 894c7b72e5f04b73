import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, freshSchema } from "@verity/cli/harness";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Cluster, startCluster } from "../cluster/cluster.js";
import type { Deployment } from "../deployment.js";
import { type Anvil, deploy, startAnvil } from "./harness/chain.js";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "./harness/database.js";
import { protocol } from "./harness/protocol.js";

// The production layout reads one PostgreSQL schema from several processes: `npm run test:pg`.
const onPostgres = testDatabaseKind() === "postgres";
const indexerDir = dirname(dirname(fileURLToPath(import.meta.url)));
const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let dir: string;
let anvil: Anvil;
let deployment: Deployment;
let database: TestDatabase;
let cluster: Cluster;

beforeAll(async () => {
  if (!onPostgres) return;
  dir = mkdtempSync(join(tmpdir(), "verity-cluster-"));
  anvil = await startAnvil(dir);
  const deployed = await deploy(anvil, dir);
  deployment = deployed.deployment;
  const deploymentPath = deployed.path;
  database = await createTestDatabase("cluster");
  cluster = await startCluster({
    root: indexerDir,
    databaseUrl: database.url as string,
    schema: freshSchema(),
    apis: 2,
    port: await freePort(),
    processPorts: { indexer: await freePort(), apis: [await freePort(), await freePort()] },
    host: "127.0.0.1",
    logDir: dir,
    env: { VERITY_RPC_URL: anvil.url, VERITY_DEPLOYMENT: deploymentPath },
    restartDelayMs: 200,
    log: () => {},
  });
}, 300_000);

afterAll(async () => {
  if (!onPostgres) return;
  await cluster?.stop();
  await database?.drop();
  await anvil?.stop();
  if (process.env.VERITY_KEEP_TEST_DIR !== "true") rmSync(dir, { recursive: true, force: true });
});

const post = async (url: string, query: string, variables: Record<string, unknown> = {}) => {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
};

const indexedBlock = async (url: string) => {
  const status = (await (await fetch(`${url}/status`)).json()) as Record<
    string,
    { block?: { number: number } }
  >;
  return Object.values(status)[0]?.block?.number ?? -1;
};

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const queries = (provider: string) => [
  { query: '{ jobs(orderBy: "id") { items { id status price provider round } totalCount } }' },
  {
    query: "query($a: String!) { provider(address: $a) { jobsWon bonded locked status } }",
    variables: { a: provider },
  },
  { query: '{ bids(orderBy: "jobId") { items { jobId bidder price revealed leading } } }' },
  { query: "{ dailyModelStats { items { date clearingCount medianClearingPrice } } }" },
  { query: '{ market(id: "market") { jobCount providerCount } }' },
];

test.skipIf(!onPostgres)(
  "one port answers GraphQL as the indexing process does, and survives an API process killed",
  async () => {
    const [deployer, requester, publisher, bidder] = anvil.clients.accounts as [
      Address,
      Address,
      Address,
      Address,
    ];
    const v = protocol(anvil.clients, deployment);
    await v.transferVrt(deployer, publisher, VRT(100));
    const { modelId } = await v.registerModel(publisher, "model-cluster");
    await v.transferVrt(deployer, bidder, VRT(100_000));
    await v.registerProvider(bidder, "{}");
    await v.stake(bidder, VRT(100_000));
    await v.mintUsd(requester, USD(1_000));
    const { jobId } = await v.post(requester, v.request(modelId));
    await v.commit(jobId, bidder, USD(3));
    await v.passTimestamp((await v.job(jobId)).commitDeadline);
    await v.reveal(jobId, bidder, USD(3));
    await v.passTimestamp((await v.job(jobId)).revealDeadline);
    await v.settle(jobId, requester);
    await v.post(requester, v.request(modelId));

    const head = Number(await anvil.clients.public.getBlockNumber({ cacheTime: 0 }));
    await until(
      "the indexer at the chain's head",
      async () => (await indexedBlock(cluster.indexer.url)) >= head,
    );
    await until(
      "the balancer at the chain's head",
      async () => (await indexedBlock(cluster.url)) >= head,
    );

    const asked = queries(bidder.toLowerCase());
    const fromIndexer = await Promise.all(
      asked.map((q) => post(cluster.indexer.url, q.query, q.variables)),
    );
    expect(fromIndexer[0]).toMatchObject({ jobs: { totalCount: 2 } });
    // Round robin: consecutive rounds land on both API processes; each answers as the indexer.
    for (let round = 0; round < 4; round++) {
      const fromBalancer = await Promise.all(
        asked.map((q) => post(cluster.url, q.query, q.variables)),
      );
      expect(fromBalancer).toEqual(fromIndexer);
    }
    expect(cluster.balancer.backends.every((backend) => backend.served > 0)).toBe(true);

    // Kill one API process outright: no request through the balancer may fail meanwhile.
    const victim = cluster.apis[0];
    victim?.child.kill("SIGKILL");
    await victim?.exited;
    for (let round = 0; round < 10; round++) {
      const fromBalancer = await Promise.all(
        asked.map((q) => post(cluster.url, q.query, q.variables)),
      );
      expect(fromBalancer).toEqual(fromIndexer);
    }
    // The cluster starts it again, and the balancer sends it requests once /health answers.
    await until(
      "the killed API process to be back",
      async () => cluster.apis[0] !== victim,
      30_000,
    );
    await until(
      "the balancer to see it healthy",
      async () => cluster.balancer.backends.every((b) => b.healthy),
      120_000,
    );
    const servedBefore = cluster.balancer.backends[0]?.served ?? 0;
    for (let round = 0; round < 4; round++) {
      const fromBalancer = await Promise.all(
        asked.map((q) => post(cluster.url, q.query, q.variables)),
      );
      expect(fromBalancer).toEqual(fromIndexer);
    }
    expect(cluster.balancer.backends[0]?.served ?? 0).toBeGreaterThan(servedBefore);
  },
  300_000,
);
