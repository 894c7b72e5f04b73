/** The protocol as a test drives it: actors, models, jobs, and reads of what happened. */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Deployment, parseDeployment } from "@verity/sdk";
import {
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  stakingAbi,
  testStablecoinAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  maxUint256,
  parseEventLogs,
  parseUnits,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { ANVIL_KEYS, ROOT } from "./anvil.js";
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
  constructor(
    readonly url: string,
    readonly deployment: Deployment,
  ) {
    this.client = createPublicClient({
      chain: foundry,
      transport: http(url),
      pollingInterval: 100,
    });
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

  address(index: number): Address {
    return privateKeyToAccount(ANVIL_KEYS[index] as Hex).address;
  }

  async write(
    index: number,
    request: Parameters<ReturnType<TestNet["wallet"]>["writeContract"]>[0],
  ) {
    const hash = await this.wallet(index).writeContract(request);
    const receipt = await this.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /**
   * The dispute game wired into the market. While the deploy script does not
   * deploy it yet, the test deploys the compiled DisputeGame and wires it (the
   * deployer is the market's one-time wirer).
   */
  async ensureDisputeGame(): Promise<Address> {
    const existing = await this.disputeGame();
    if (existing) return existing;
    const artifact = JSON.parse(
      await readFile(join(ROOT, "contracts/out/DisputeGame.sol/DisputeGame.json"), "utf8"),
    ) as { bytecode: { object: Hex } };
    const d = this.deployment;
    const hash = await this.wallet(0).deployContract({
      abi: disputeGameAbi,
      bytecode: artifact.bytecode.object,
      args: [d.jobMarket, d.parameters, d.modelRegistry, d.token],
    });
    const receipt = await this.client.waitForTransactionReceipt({ hash });
    const game = receipt.contractAddress as Address;
    await this.write(0, {
      address: d.jobMarket,
      abi: jobMarketAbi,
      functionName: "wire",
      args: [game],
    } as never);
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

  async giveTokens(to: Address, amount: bigint): Promise<void> {
    await this.write(0, {
      address: this.deployment.token,
      abi: verityTokenAbi,
      functionName: "transfer",
      args: [to, amount],
    } as never);
  }

  /** Registers account `index` as a provider with `stake` VRT bonded. */
  async provider(index: number, stake = parseUnits("10000", 18)): Promise<Address> {
    const who = this.address(index);
    await this.giveTokens(who, stake);
    const { staking } = this.deployment;
    await this.write(index, {
      address: staking,
      abi: stakingAbi,
      functionName: "register",
      args: ['{"endpoint":"test"}'],
    } as never);
    await this.write(index, {
      address: this.deployment.token,
      abi: verityTokenAbi,
      functionName: "approve",
      args: [staking, maxUint256],
    } as never);
    await this.write(index, {
      address: staking,
      abi: stakingAbi,
      functionName: "stake",
      args: [stake],
    } as never);
    return who;
  }

  async registerModel(files: ModelFiles, publisher = 0): Promise<bigint> {
    const registry = this.deployment.modelRegistry;
    await this.write(publisher, {
      address: this.deployment.token,
      abi: verityTokenAbi,
      functionName: "approve",
      args: [registry, maxUint256],
    } as never);
    const receipt = await this.write(publisher, {
      address: registry,
      abi: modelRegistryAbi,
      functionName: "registerModel",
      args: [
        {
          artifactHash: files.artifactHash,
          uri: `file://${files.file}`,
          kind: 1,
          widths: files.widths,
          weightCommitment: files.weightCommitment,
          computeUnits: files.computeUnits,
        },
      ],
    } as never);
    const [event] = parseEventLogs({
      abi: modelRegistryAbi,
      eventName: "ModelRegistered",
      logs: receipt.logs,
    });
    if (!event) throw new Error("no ModelRegistered event");
    return event.args.modelId;
  }

  /** Mints and approves `maxPrice` of tUSD for account `requester`. */
  private async fund(requester: number, maxPrice: bigint): Promise<void> {
    const who = this.address(requester);
    await this.write(requester, {
      address: this.deployment.paymentToken,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [who, maxPrice],
    } as never);
    await this.write(requester, {
      address: this.deployment.paymentToken,
      abi: testStablecoinAbi,
      functionName: "approve",
      args: [this.deployment.jobMarket, maxUint256],
    } as never);
  }

  private request(modelId: bigint, options: PostOptions) {
    return {
      modelId,
      maxPrice: options.maxPrice ?? parseUnits("5", 6),
      executionWindow: options.executionWindow ?? 120n,
      consumer: zeroAddress,
      callbackGasLimit: 0n,
      reauction: false,
      minCollateral: options.minCollateral ?? 0n,
    };
  }

  private async posted(receipt: Awaited<ReturnType<TestNet["write"]>>): Promise<bigint> {
    const [event] = parseEventLogs({
      abi: jobMarketAbi,
      eventName: "JobPosted",
      logs: receipt.logs,
    });
    if (!event) throw new Error("no JobPosted event");
    return event.args.jobId;
  }

  /** Posts a job from account `requester` (tUSD minted and approved on the way). */
  async postJob(modelId: bigint, input: Int8Array, options: PostOptions = {}): Promise<bigint> {
    const requester = options.requester ?? 9;
    const request = this.request(modelId, options);
    await this.fund(requester, request.maxPrice);
    const receipt = await this.write(requester, {
      address: this.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "postJob",
      args: [
        request,
        `0x${Buffer.from(input.buffer, input.byteOffset, input.length).toString("hex")}`,
      ],
    } as never);
    return this.posted(receipt);
  }

  /** Posts a job whose input is behind `uri` (the market stores only `inputHash`). */
  async postJobWithUri(
    modelId: bigint,
    uri: string,
    inputHash: Hex,
    options: PostOptions = {},
  ): Promise<bigint> {
    const requester = options.requester ?? 9;
    const request = this.request(modelId, options);
    await this.fund(requester, request.maxPrice);
    const receipt = await this.write(requester, {
      address: this.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "postJobWithUri",
      args: [request, uri, inputHash],
    } as never);
    return this.posted(receipt);
  }

  async job(jobId: bigint) {
    return this.client.readContract({
      address: this.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "getJob",
      args: [jobId],
    });
  }

  async stake(who: Address) {
    return this.client.readContract({
      address: this.deployment.staking,
      abi: stakingAbi,
      functionName: "stakeOf",
      args: [who],
    });
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
