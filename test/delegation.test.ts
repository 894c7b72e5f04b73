/**
 * Delegation on the devnet, through its real workers and watcher: a holder delegates VRT to a
 * provider with little stake of its own, the provider's capacity grows and lets it take a job no
 * own stake could back, the holder is paid its cut of the provider's earnings; then the same
 * provider lies, the watcher convicts it, and the holder loses exactly its documented share of the
 * slash (docs/delegation.md, "Slashing order": own stake first, the pool for the rest, all of the
 * pool's part to the treasury).
 */
import { join } from "node:path";
import { devPrivateKeys } from "@verity/cli/devnet/accounts";
import { devnetProviders } from "@verity/cli/devnet/devnet";
import { fund } from "@verity/cli/devnet/fund";
import {
  digitInput,
  heldOutDigits,
  loadMnistModel,
  mnistModelFiles,
} from "@verity/cli/devnet/mnist";
import { freePort } from "@verity/cli/devnet/processes";
import { startWorker, type Worker } from "@verity/cli/devnet/workers";
import {
  createVerityClient,
  delegationPoolAbi,
  JobFailedError,
  jobMarketAbi,
  stakingAbi,
  type VerityClient,
} from "@verity/sdk";
import { createWalletClient, type Hex, http, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, devAccounts, requireParts } from "./helpers/devnet.js";

const info = inject("devnet");
const VRT = (n: string) => parseUnits(n, 18);
/** The devnet's minimum stake: all the provider's own stake. */
const OWN = VRT("100");
const DELEGATED = VRT("400");
/** More than own stake can back: the job needs the delegated capacity. */
const COLLATERAL = VRT("300");
const SHARE_BPS = 5000;

let devnet: Connected;
let holder: VerityClient;
let holderAddress: Hex;
const provider = devAccounts.spare;
let worker: Worker | undefined;

async function startProviderWorker(name: string, cheat: boolean): Promise<Worker> {
  const files = mnistModelFiles(info.root);
  return startWorker({
    root: info.root,
    dir: join(info.dir, "workers"),
    logDir: info.logDir,
    rpcUrl: info.rpcUrl,
    deploymentFile: info.deploymentFile,
    modelId: devnet.modelId,
    modelFile: files.onnx.split("/").at(-1) as string,
    spec: {
      name,
      role: "provider",
      privateKey: provider.privateKey,
      // The cheapest bids on the devnet: this provider wins its auctions.
      ...devnetProviders.cheater,
      metricsPort: await freePort(),
      ...(cheat ? { corruptActivation: { layer: 3, index: 0 } } : {}),
    },
  });
}

async function postDigit(seed: number): Promise<bigint> {
  const model = await loadMnistModel(info.root);
  const [digit] = heldOutDigits(1, seed);
  if (digit === undefined) throw new Error("no held-out digit");
  const { jobId } = await devnet.client("requester").postJob({
    modelId: devnet.modelId,
    input: digitInput(model, digit),
    maxPrice: parseUnits("5", 6),
    minCollateral: COLLATERAL,
    approve: "max",
  });
  return jobId;
}

describe("delegation on the devnet", () => {
  beforeAll(async () => {
    requireParts("indexer", "worker watcher");
    devnet = await connect();
    const key = devPrivateKeys[7] as Hex;
    holderAddress = privateKeyToAccount(key).address;
    holder = createVerityClient({
      publicClient: devnet.publicClient,
      walletClient: createWalletClient({
        account: privateKeyToAccount(key),
        transport: http(info.rpcUrl),
      }),
      deployment: devnet.deployment,
      graphqlUrl: info.graphqlUrl ?? undefined,
    });
    const deployer = devnet.client("deployer");
    await fund(deployer, { to: provider.address, vrt: OWN });
    await fund(deployer, { to: holderAddress, vrt: DELEGATED });
    const self = devnet.client("spare");
    await self.register({ metadata: { name: "delegated", models: ["mnist-mlp"] } });
    await self.stake({ amount: OWN });
    // A raise of the delegators' share applies at once (a cut would wait one unbonding delay).
    await self.setDelegatorShare({ bps: SHARE_BPS });
  });

  afterAll(async () => {
    await worker?.process.stop();
  });

  it("grows the provider's capacity, pays the holder its cut, and charges it its share of a conviction", async () => {
    const before = await holder.getDelegationPool({ provider: provider.address });
    expect(before.capacity).toBe(OWN);
    await holder.delegateStake({ provider: provider.address, amount: DELEGATED, approve: "exact" });
    const pool = await holder.getDelegationPool({ provider: provider.address });
    expect(pool.capacity).toBe(OWN + DELEGATED);
    expect(pool.tokens).toBe(DELEGATED);

    // An honest job backed by 300 VRT of collateral: 100 of own stake could not take it.
    worker = await startProviderWorker("delegated", false);
    const paidJob = await postDigit(11);
    const done = await devnet
      .client("requester")
      .waitForResult({ jobId: paidJob, pollingInterval: 500, timeout: 360_000 });
    expect(done.job.provider).toBe(provider.address);
    const from = BigInt(devnet.deployment.startBlock);
    const [finalized] = await devnet.publicClient.getContractEvents({
      address: devnet.deployment.jobMarket,
      abi: jobMarketAbi,
      eventName: "JobFinalized",
      args: { jobId: paidJob },
      fromBlock: from,
      strict: true,
    });
    const poolAddress = devnet.deployment.delegationPool as Hex;
    const [shared] = await devnet.publicClient.getContractEvents({
      address: poolAddress,
      abi: delegationPoolAbi,
      eventName: "EarningsShared",
      args: { provider: provider.address },
      blockHash: finalized?.blockHash as Hex,
      strict: true,
    });
    // The provider's earnings are its payment (the price less the protocol fee); half is shared.
    expect(shared?.args.earnings).toBe(finalized?.args.payment);
    expect(shared?.args.shared).toBe(
      ((finalized?.args.payment ?? 0n) * BigInt(SHARE_BPS)) / 10_000n,
    );
    const position = await holder.getDelegation({ provider: provider.address });
    expect(position.earnings).toBe(shared?.args.shared);
    const claimed = await holder.claimDelegationEarnings({ provider: provider.address });
    expect(claimed.amount).toBe(shared?.args.shared);

    // The same provider now lies; the watcher convicts it.
    await worker.process.stop();
    worker = await startProviderWorker("delegated-cheating", true);
    const lie = await postDigit(12);
    const outcome = await devnet
      .client("requester")
      .waitForResult({ jobId: lie, pollingInterval: 500, timeout: 360_000 })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(JobFailedError);
    const [rejected] = await devnet.publicClient.getContractEvents({
      address: devnet.deployment.jobMarket,
      abi: jobMarketAbi,
      eventName: "ResultRejected",
      args: { jobId: lie },
      fromBlock: from,
      strict: true,
    });
    expect(rejected?.args.provider).toBe(provider.address);
    // A 100% fraud slash of the collateral: own stake pays first, the pool the rest.
    const slash = rejected?.args.slashed ?? 0n;
    expect(slash).toBe(COLLATERAL);
    const ownSlashes = await devnet.publicClient.getContractEvents({
      address: devnet.deployment.staking,
      abi: stakingAbi,
      eventName: "Slashed",
      args: { jobId: lie },
      fromBlock: from,
      strict: true,
    });
    const ownLoss = ownSlashes.reduce((sum, e) => sum + e.args.amount, 0n);
    expect(ownLoss).toBe(OWN);
    const [poolSlash] = await devnet.publicClient.getContractEvents({
      address: poolAddress,
      abi: delegationPoolAbi,
      eventName: "DelegationSlashed",
      args: { provider: provider.address, jobId: lie },
      fromBlock: from,
      strict: true,
    });
    expect((poolSlash?.args.fromActive ?? 0n) + (poolSlash?.args.fromThawing ?? 0n)).toBe(
      slash - ownLoss,
    );
    // The holder is the pool's only delegator: its loss is all of the pool's part, rounded
    // against it by at most a wei.
    const after = await holder.getDelegation({ provider: provider.address });
    const holderLoss = DELEGATED - after.active;
    expect(holderLoss >= slash - ownLoss).toBe(true);
    expect(holderLoss - (slash - ownLoss) <= 1n).toBe(true);
    const stake = await holder.getStake({ provider: provider.address });
    expect(stake.bonded).toBe(0n);
  });
});
