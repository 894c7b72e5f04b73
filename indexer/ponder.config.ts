import {
  askBookAbi,
  delegationPoolAbi,
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  parametersAbi,
  stakingAbi,
  verityGovernorAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import { createConfig } from "ponder";
import { type Deployment, loadDeployment } from "./deployment.js";

const deployment = loadDeployment();
const rpc = process.env.VERITY_RPC_URL || "http://127.0.0.1:8545";
const databaseUrl = process.env.DATABASE_URL;

// A devnet is restarted from genesis again and again under the same chain id:
// Ponder's RPC cache (kept in the database) would hand back blocks of an
// earlier run. So the cache is off for anvil's chain ids and for a node on
// this machine, unless VERITY_RPC_CACHE says otherwise ("true" / "false").
const local = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(rpc);
const devnet = deployment.chainId === 31337 || deployment.chainId === 1337 || local;
const rpcCache = process.env.VERITY_RPC_CACHE;
const disableCache = rpcCache === undefined || rpcCache === "" ? devnet : rpcCache !== "true";

const on = { chain: "devnet", startBlock: deployment.startBlock } as const;
const NOWHERE = "0x0000000000000000000000000000000000000000";

/**
 * Contracts that may not be deployed yet. Their handlers register only when
 * the deployment has them (see `isIndexed`), and they are dropped from the
 * config below, so the indexer runs on older deployments and picks them up once
 * the deployment file names them.
 */
const optional = {
  DisputeGame: "disputeGame",
  Governor: "governor",
  DelegationPool: "delegationPool",
  AskBook: "askBook",
} as const satisfies Record<string, keyof Deployment>;

const contracts = {
  VerityToken: { abi: verityTokenAbi, address: deployment.token, ...on },
  Parameters: { abi: parametersAbi, address: deployment.parameters, ...on },
  Staking: { abi: stakingAbi, address: deployment.staking, ...on },
  ModelRegistry: { abi: modelRegistryAbi, address: deployment.modelRegistry, ...on },
  JobMarket: { abi: jobMarketAbi, address: deployment.jobMarket, ...on },
  DisputeGame: { abi: disputeGameAbi, address: deployment.disputeGame ?? NOWHERE, ...on },
  Governor: { abi: verityGovernorAbi, address: deployment.governor ?? NOWHERE, ...on },
  DelegationPool: {
    abi: delegationPoolAbi,
    address: deployment.delegationPool ?? NOWHERE,
    ...on,
  },
  AskBook: { abi: askBookAbi, address: deployment.askBook ?? NOWHERE, ...on },
};
for (const [name, key] of Object.entries(optional)) {
  if (deployment[key] === undefined)
    delete (contracts as Partial<typeof contracts>)[name as keyof typeof optional];
}

// Proposals change state at blocks without events (voting opens and closes): a handler on every
// block looks its block up in the proposal clock (one key read; see src/lib/proposals.ts).
const blocks = {
  ProposalClock: { chain: "devnet" as const, startBlock: deployment.startBlock, interval: 1 },
};
if (deployment.governor === undefined) delete (blocks as Partial<typeof blocks>).ProposalClock;

export default createConfig({
  database:
    databaseUrl !== undefined && databaseUrl !== ""
      ? { kind: "postgres", connectionString: databaseUrl }
      : { kind: "pglite", directory: process.env.VERITY_PGLITE_DIR || ".ponder/pglite" },
  chains: {
    devnet: {
      id: deployment.chainId,
      rpc,
      pollingInterval: Number(process.env.VERITY_POLLING_INTERVAL || 100),
      maxRequestsPerSecond: 1000,
      disableCache,
    },
  },
  contracts,
  blocks,
});
