/** The protocol as a test drives it: actors, models, jobs, and reads of what happened. */

import { readFile } from "node:fs/promises";
import { fund } from "@verity/cli/devnet/fund";
import {
  createVerityClient,
  type Deployment,
  type JobStatusName,
  jobStatuses,
  parseDeployment,
  type VerityClient,
} from "@verity/sdk";
import {
  disputeGameAbi,
  jobMarketAbi,
  parametersAbi,
  stakingAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseEventLogs,
  parseUnits,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { ANVIL_KEYS } from "./anvil.js";
import type { ModelFiles } from "./model.js";

export type PostOptions = {
  maxPrice?: bigint;
  executionWindow?: bigint;
  requester?: number;
  /** The requester's assurance level: least collateral (VRT wei) the winner locks. */
  minCollateral?: bigint;
};

export class TestNet {
  readonly client;
  /** Reads through the SDK, as an integrator's would. */
  private readonly reader: VerityClient;
  private readonly clients = new Map<number, VerityClient>();
  constructor(
    readonly url: string,
    readonly deployment: Deployment,
  ) {
    this.client = createPublicClient({
      chain: foundry,
      transport: http(url),
      pollingInterval: 100,
    });
    this.reader = createVerityClient({ publicClient: this.client as never, deployment });
  }

  static async open(url: string, deploymentFile: string): Promise<TestNet> {
    return new TestNet(url, parseDeployment(JSON.parse(await readFile(deploymentFile, "utf8"))));
  }

  wallet(index: number) {
    const key = ANVIL_KEYS[index] as Hex;
    return createWalletClient({
      chain: foundry,
      transport: http(this.url),
      account: privateKeyToAccount(key),
    });
  }

  /** An SDK client of account `index`: the test drives the protocol as an integrator does. */
  verity(index: number): VerityClient {
    let client = this.clients.get(index);
    if (client === undefined) {
      client = createVerityClient({
        publicClient: this.client as never,
        walletClient: this.wallet(index),
        deployment: this.deployment,
      });
      this.clients.set(index, client);
    }
    return client;
  }

  address(index: number): Address {
    return privateKeyToAccount(ANVIL_KEYS[index] as Hex).address;
  }

  /** The dispute game the deploy script wired into the market; a test that needs one fails without it. */
  async ensureDisputeGame(): Promise<Address> {
    const game = await this.disputeGame();
    if (game === undefined)
      throw new Error("the deployment has no dispute game wired into the market");
    return game;
  }

  async disputeGame(): Promise<Address | undefined> {
    if (this.deployment.disputeGame) return this.deployment.disputeGame;
    const game = await this.client.readContract({
      address: this.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "disputeGame",
    });
    return game === zeroAddress ? undefined : game;
  }

  /**
   * Sets the auction's commit and reveal windows as governance would, by sending from the
   * timelock that owns Parameters (impersonated on anvil: a test network, not a shortcut in the
   * protocol). Jobs posted afterwards use the new windows.
   */
  async setAuctionWindows(windows: { commit: number; reveal: number }): Promise<void> {
    const timelock = this.deployment.timelock;
    if (timelock === undefined) throw new Error("the deployment names no timelock");
    const test = createTestClient({ mode: "anvil", transport: http(this.url) });
    await test.impersonateAccount({ address: timelock });
    await test.setBalance({ address: timelock, value: parseUnits("10", 18) });
    const wallet = createWalletClient({
      chain: foundry,
      transport: http(this.url),
      account: timelock,
    });
    for (const [functionName, value] of [
      ["setCommitWindow", windows.commit],
      ["setRevealWindow", windows.reveal],
    ] as const) {
      const hash = await wallet.writeContract({
        address: this.deployment.parameters,
        abi: parametersAbi,
        functionName,
        args: [value],
      });
      const receipt = await this.client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName}(${value}) reverted`);
    }
    await test.stopImpersonatingAccount({ address: timelock });
  }

  async giveTokens(to: Address, amount: bigint): Promise<void> {
    await fund(this.verity(0), { to, vrt: amount });
  }

  /** Registers account `index` as a provider with `stake` VRT bonded. */
  async provider(index: number, stake = parseUnits("10000", 18)): Promise<Address> {
    const who = this.address(index);
    await this.giveTokens(who, stake);
    await this.verity(index).register({ metadata: { endpoint: "test" } });
    await this.verity(index).stake({ amount: stake });
    return who;
  }

  async registerModel(files: ModelFiles, publisher = 0): Promise<bigint> {
    const { modelId } = await this.verity(publisher).registerModel({
      meta: files,
      uri: `file://${files.file}`,
      kind: "IntegerDense",
    });
    return modelId;
  }

  /** Posts a job from account `requester`, with the maximum price minted to it first. */
  private async post(
    options: PostOptions,
    input: { input: Hex } | { inputUri: string; inputHash: Hex },
    modelId: bigint,
  ): Promise<bigint> {
    const requester = options.requester ?? 9;
    const maxPrice = options.maxPrice ?? parseUnits("5", 6);
    await fund(this.verity(0), { to: this.address(requester), usd: maxPrice });
    const { jobId } = await this.verity(requester).postJob({
      modelId,
      maxPrice,
      executionWindow: options.executionWindow ?? 120n,
      minCollateral: options.minCollateral ?? 0n,
      checkInputWidth: false,
      ...input,
    });
    return jobId;
  }

  /** Posts a job from account `requester` (tUSD minted and approved on the way). */
  async postJob(modelId: bigint, input: Int8Array, options: PostOptions = {}): Promise<bigint> {
    const hex: Hex = `0x${Buffer.from(input.buffer, input.byteOffset, input.length).toString("hex")}`;
    return this.post(options, { input: hex }, modelId);
  }

  /** Posts a job whose input is behind `uri` (the market stores only `inputHash`). */
  async postJobWithUri(
    modelId: bigint,
    uri: string,
    inputHash: Hex,
    options: PostOptions = {},
  ): Promise<bigint> {
    return this.post(options, { inputUri: uri, inputHash }, modelId);
  }

  /** The job as the SDK reads it (status by name). */
  async job(jobId: bigint) {
    return this.reader.getJob({ jobId });
  }

  async stake(who: Address) {
    return this.reader.getStake({ provider: who });
  }

  async tokenBalance(token: Address, who: Address): Promise<bigint> {
    return this.client.readContract({
      address: token,
      abi: verityTokenAbi,
      functionName: "balanceOf",
      args: [who],
    });
  }

  async marketEvents(fromBlock = 0n) {
    const logs = await this.client.getLogs({
      address: this.deployment.jobMarket,
      fromBlock,
      toBlock: "latest",
    });
    return parseEventLogs({ abi: jobMarketAbi, logs });
  }

  async stakingEvents(fromBlock = 0n) {
    const logs = await this.client.getLogs({
      address: this.deployment.staking,
      fromBlock,
      toBlock: "latest",
    });
    return parseEventLogs({ abi: stakingAbi, logs });
  }

  async disputeEvents(fromBlock = 0n) {
    const game = await this.disputeGame();
    if (!game) return [];
    const logs = await this.client.getLogs({ address: game, fromBlock, toBlock: "latest" });
    return parseEventLogs({ abi: disputeGameAbi, logs });
  }

  /** Every transaction `from` sent in the chain so far, with its receipt status. */
  async transactionsFrom(
    from: Address,
  ): Promise<{ hash: Hex; to: Address | null; status: string; input: Hex }[]> {
    const head = await this.client.getBlockNumber();
    const out: { hash: Hex; to: Address | null; status: string; input: Hex }[] = [];
    for (let n = 0n; n <= head; n++) {
      const block = await this.client.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== from.toLowerCase()) continue;
        const receipt = await this.client.getTransactionReceipt({ hash: tx.hash });
        out.push({ hash: tx.hash, to: tx.to, status: receipt.status, input: tx.input });
      }
    }
    return out;
  }
}

/** Whether a job in `status` has reached `least` in the lifecycle's order (Bidding → Assigned → Submitted → …). */
export function reached(status: JobStatusName, least: JobStatusName): boolean {
  return jobStatuses.indexOf(status) >= jobStatuses.indexOf(least);
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
  intervalMs = 250,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
