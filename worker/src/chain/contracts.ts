/**
 * Typed reads of the protocol contracts, each retried on transient failures.
 * The reconcilers call these before every write, so that every action is
 * decided on the chain's current state (idempotence).
 */
import {
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  parametersAbi,
  stakingAbi,
} from "@verity/sdk/abis";
import { type Address, encodeAbiParameters, type Hex, keccak256, zeroAddress } from "viem";
import type { Deployment } from "../config/deployment.js";
import type { WorkerPublicClient } from "./clients.js";
import { withRetry } from "./retry.js";

export const JobStatus = {
  None: 0,
  Bidding: 1,
  Assigned: 2,
  Submitted: 3,
  Disputed: 4,
  Finalized: 5,
  Cancelled: 6,
  Expired: 7,
  Rejected: 8,
} as const;

export const JOB_STATUS_NAMES = [
  "None",
  "Bidding",
  "Assigned",
  "Submitted",
  "Disputed",
  "Finalized",
  "Cancelled",
  "Expired",
  "Rejected",
] as const;

export const DisputePhase = {
  None: 0,
  AwaitingResponse: 1,
  AwaitingProof: 2,
  ProviderWon: 3,
  ChallengerWon: 4,
} as const;

export const ModelKind = { Float: 0, IntegerDense: 1 } as const;

export type OnchainJob = {
  requester: Address;
  modelId: number;
  status: number;
  round: number;
  reauction: boolean;
  outputInline: boolean;
  commitCount: number;
  maxPrice: bigint;
  collateral: bigint;
  commitDeadline: number;
  revealDeadline: number;
  provider: Address;
  price: bigint;
  consumer: Address;
  callbackGasLimit: number;
  deadline: number;
  executionWindow: number;
  inputHash: Hex;
  resultHash: Hex;
};

export type OnchainModel = {
  publisher: Address;
  kind: number;
  layerCount: number;
  active: boolean;
  computeUnits: bigint;
  artifactHash: Hex;
  weightCommitment: Hex;
  bond: bigint;
};

export type OnchainDispute = {
  challenger: Address;
  deadline: number;
  layer: number;
  phase: number;
  modelId: number;
  provider: Address;
  bond: bigint;
  jobId: bigint;
  agreedHash: Hex;
  disputedHash: Hex;
};

export type MarketParameters = {
  collateralRatio: bigint;
  fraudSlashBps: number;
  challengerShareBps: number;
  challengerBond: bigint;
  challengeWindow: number;
  disputeMoveTimeout: number;
};

/** `keccak256(abi.encode(jobId, round, bidder, price, salt))`, as JobMarket.bidCommitment. */
export function bidCommitment(
  jobId: bigint,
  round: number,
  bidder: Address,
  price: bigint,
  salt: Hex,
): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "uint8" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes32" },
      ],
      [jobId, round, bidder, price, salt],
    ),
  );
}

export class Protocol {
  private paramsCache: { at: number; value: MarketParameters } | undefined;

  constructor(
    readonly client: WorkerPublicClient,
    readonly deployment: Deployment,
    readonly disputeGame: Address | undefined,
  ) {}

  /** The dispute game: from the deployment file, else the one wired into the market. */
  static async resolveDisputeGame(
    client: WorkerPublicClient,
    deployment: Deployment,
  ): Promise<Address | undefined> {
    if (deployment.disputeGame !== undefined) return deployment.disputeGame;
    const wired = await withRetry(() =>
      client.readContract({
        address: deployment.jobMarket,
        abi: jobMarketAbi,
        functionName: "disputeGame",
      }),
    );
    return wired === zeroAddress ? undefined : wired;
  }

  async getJob(jobId: bigint): Promise<OnchainJob> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.jobMarket,
        abi: jobMarketAbi,
        functionName: "getJob",
        args: [jobId],
      }),
    ) as Promise<OnchainJob>;
  }

  async commitmentOf(jobId: bigint, bidder: Address): Promise<Hex> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.jobMarket,
        abi: jobMarketAbi,
        functionName: "commitmentOf",
        args: [jobId, bidder],
      }),
    );
  }

  async claimable(account: Address): Promise<bigint> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.jobMarket,
        abi: jobMarketAbi,
        functionName: "claimable",
        args: [account],
      }),
    );
  }

  async freeStake(provider: Address): Promise<bigint> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.staking,
        abi: stakingAbi,
        functionName: "freeStakeOf",
        args: [provider],
      }),
    );
  }

  async isEligible(provider: Address): Promise<boolean> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.staking,
        abi: stakingAbi,
        functionName: "isEligible",
        args: [provider],
      }),
    );
  }

  async stakeOf(
    provider: Address,
  ): Promise<{ bonded: bigint; locked: bigint; unbonding: bigint; registered: boolean }> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.staking,
        abi: stakingAbi,
        functionName: "stakeOf",
        args: [provider],
      }),
    );
  }

  async getModel(modelId: bigint): Promise<OnchainModel> {
    return withRetry(() =>
      this.client.readContract({
        address: this.deployment.modelRegistry,
        abi: modelRegistryAbi,
        functionName: "getModel",
        args: [modelId],
      }),
    ) as Promise<OnchainModel>;
  }

  /** Parameters change only by governance vote; a minute of caching is plenty. */
  async parameters(): Promise<MarketParameters> {
    if (this.paramsCache && Date.now() - this.paramsCache.at < 60_000)
      return this.paramsCache.value;
    const read = <
      F extends
        | "collateralRatio"
        | "fraudSlashBps"
        | "challengerShareBps"
        | "challengerBond"
        | "challengeWindow"
        | "disputeMoveTimeout",
    >(
      functionName: F,
    ) =>
      withRetry(() =>
        this.client.readContract({
          address: this.deployment.parameters,
          abi: parametersAbi,
          functionName,
        }),
      );
    const [
      collateralRatio,
      fraudSlashBps,
      challengerShareBps,
      challengerBond,
      challengeWindow,
      disputeMoveTimeout,
    ] = await Promise.all([
      read("collateralRatio"),
      read("fraudSlashBps"),
      read("challengerShareBps"),
      read("challengerBond"),
      read("challengeWindow"),
      read("disputeMoveTimeout"),
    ]);
    const value: MarketParameters = {
      collateralRatio: collateralRatio as bigint,
      fraudSlashBps: Number(fraudSlashBps),
      challengerShareBps: Number(challengerShareBps),
      challengerBond: challengerBond as bigint,
      challengeWindow: Number(challengeWindow),
      disputeMoveTimeout: Number(disputeMoveTimeout),
    };
    this.paramsCache = { at: Date.now(), value };
    return value;
  }

  async getDispute(disputeId: bigint): Promise<OnchainDispute> {
    const game = this.requireGame();
    return withRetry(() =>
      this.client.readContract({
        address: game,
        abi: disputeGameAbi,
        functionName: "getDispute",
        args: [disputeId],
      }),
    ) as Promise<OnchainDispute>;
  }

  async disputeClaimable(account: Address): Promise<bigint> {
    const game = this.requireGame();
    return withRetry(() =>
      this.client.readContract({
        address: game,
        abi: disputeGameAbi,
        functionName: "claimable",
        args: [account],
      }),
    );
  }

  async tokenBalance(token: Address, account: Address): Promise<bigint> {
    return withRetry(() =>
      this.client.readContract({
        address: token,
        abi: [
          {
            type: "function",
            name: "balanceOf",
            stateMutability: "view",
            inputs: [{ name: "a", type: "address" }],
            outputs: [{ name: "", type: "uint256" }],
          },
        ] as const,
        functionName: "balanceOf",
        args: [account],
      }),
    );
  }

  async allowance(token: Address, owner: Address, spender: Address): Promise<bigint> {
    return withRetry(() =>
      this.client.readContract({
        address: token,
        abi: [
          {
            type: "function",
            name: "allowance",
            stateMutability: "view",
            inputs: [
              { name: "o", type: "address" },
              { name: "s", type: "address" },
            ],
            outputs: [{ name: "", type: "uint256" }],
          },
        ] as const,
        functionName: "allowance",
        args: [owner, spender],
      }),
    );
  }

  /** Timestamp and number of the latest block: the worker's clock is the chain's. */
  async head(): Promise<{ number: bigint; timestamp: number }> {
    const block = await withRetry(() => this.client.getBlock({ blockTag: "latest" }));
    return { number: block.number, timestamp: Number(block.timestamp) };
  }

  requireGame(): Address {
    if (this.disputeGame === undefined) throw new Error("No dispute game is deployed");
    return this.disputeGame;
  }
}
