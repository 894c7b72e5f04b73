import { computeBidCommitment } from "@verity/sdk";
import {
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  stakingAbi,
  testStablecoinAbi,
  verityGovernorAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import {
  type Address,
  type Hash,
  type Hex,
  keccak256,
  stringToHex,
  type TransactionReceipt,
} from "viem";
import type { Deployment } from "../../deployment.js";
import type { Clients } from "./chain.js";

/**
 * An input and an output of the harness's integer models (widths 8 → 16 → 4): the market refuses
 * inline bytes of any other length.
 */
export const INPUT: Hex = "0x0102030405060708";
export const OUTPUT: Hex = "0x0a0b0c0d";
/**
 * The hidden activation hashes of a two-layer model's trace (h_1): its Merkle
 * root, which the market commits, is the one leaf itself.
 */
export const LAYER_HASHES: readonly Hex[] = [keccak256(stringToHex("trace"))];
export const TRACE: Hex = LAYER_HASHES[0] as Hex;

export type JobRequest = {
  modelId: bigint;
  maxPrice: bigint;
  executionWindow: bigint;
  consumer: Address;
  callbackGasLimit: bigint;
  reauction: boolean;
  /** The requester's assurance level: the least collateral (VRT wei) the winner locks. */
  minCollateral: bigint;
};

const ZERO: Address = "0x0000000000000000000000000000000000000000";

/** The salt a test bidder uses for a price. */
export function saltOf(bidder: Address, jobId: bigint, price: bigint): Hex {
  return keccak256(stringToHex(`salt:${bidder}:${jobId}:${price}`));
}

/** The protocol's actions, sent from anvil's unlocked accounts, each waited for. */
export function protocol(clients: Clients, d: Deployment) {
  const { wallet, public: publicClient, test } = clients;
  const chain = publicClient.chain;

  async function mined(hash: Hash): Promise<TransactionReceipt> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  // A fixed gas limit: anvil's estimates fell short for some calls (ERC20Votes
  // checkpoints), and skipping the estimate saves a round trip per transaction.
  const gas = 3_000_000n;
  const market = { address: d.jobMarket, abi: jobMarketAbi, chain, gas } as const;
  const staking = { address: d.staking, abi: stakingAbi, chain, gas } as const;
  const token = { address: d.token, abi: verityTokenAbi, chain, gas } as const;
  const usd = { address: d.paymentToken, abi: testStablecoinAbi, chain, gas } as const;
  const models = { address: d.modelRegistry, abi: modelRegistryAbi, chain, gas } as const;

  const actions = {
    mined,
    async transferVrt(from: Address, to: Address, amount: bigint) {
      return mined(
        await wallet.writeContract({
          ...token,
          account: from,
          functionName: "transfer",
          args: [to, amount],
        }),
      );
    },
    async delegateVrt(from: Address, to: Address) {
      return mined(
        await wallet.writeContract({
          ...token,
          account: from,
          functionName: "delegate",
          args: [to],
        }),
      );
    },
    async mintUsd(to: Address, amount: bigint) {
      await mined(
        await wallet.writeContract({
          ...usd,
          account: to,
          functionName: "mint",
          args: [to, amount],
        }),
      );
      return mined(
        await wallet.writeContract({
          ...usd,
          account: to,
          functionName: "approve",
          args: [d.jobMarket, 2n ** 255n],
        }),
      );
    },
    async registerModel(
      publisher: Address,
      artifact: string,
      { widths = [8, 16, 4], kind = 1 }: { widths?: number[]; kind?: number } = {},
    ) {
      await mined(
        await wallet.writeContract({
          ...token,
          account: publisher,
          functionName: "approve",
          args: [d.modelRegistry, 2n ** 255n],
        }),
      );
      const receipt = await mined(
        await wallet.writeContract({
          ...models,
          account: publisher,
          functionName: "registerModel",
          args: [
            {
              artifactHash: keccak256(stringToHex(artifact)),
              uri: `ipfs://${artifact}`,
              kind,
              widths,
              weightCommitment:
                kind === 1 ? keccak256(stringToHex(`${artifact}:weights`)) : `0x${"00".repeat(32)}`,
              computeUnits: 192n,
            },
          ],
        }),
      );
      const count = await publicClient.readContract({ ...models, functionName: "modelCount" });
      return { receipt, modelId: count };
    },
    async retireModel(publisher: Address, modelId: bigint) {
      return mined(
        await wallet.writeContract({
          ...models,
          account: publisher,
          functionName: "retireModel",
          args: [modelId],
        }),
      );
    },
    async registerProvider(who: Address, metadata: string) {
      return mined(
        await wallet.writeContract({
          ...staking,
          account: who,
          functionName: "register",
          args: [metadata],
        }),
      );
    },
    async updateMetadata(who: Address, metadata: string) {
      return mined(
        await wallet.writeContract({
          ...staking,
          account: who,
          functionName: "updateMetadata",
          args: [metadata],
        }),
      );
    },
    async stake(who: Address, amount: bigint) {
      await mined(
        await wallet.writeContract({
          ...token,
          account: who,
          functionName: "approve",
          args: [d.staking, 2n ** 255n],
        }),
      );
      return mined(
        await wallet.writeContract({
          ...staking,
          account: who,
          functionName: "stake",
          args: [amount],
        }),
      );
    },
    async requestUnstake(who: Address, amount: bigint) {
      return mined(
        await wallet.writeContract({
          ...staking,
          account: who,
          functionName: "requestUnstake",
          args: [amount],
        }),
      );
    },
    async withdraw(who: Address) {
      return mined(
        await wallet.writeContract({ ...staking, account: who, functionName: "withdraw" }),
      );
    },
    request(modelId: bigint, overrides: Partial<JobRequest> = {}): JobRequest {
      return {
        modelId,
        maxPrice: 100_000_000n,
        executionWindow: 600n,
        consumer: ZERO,
        callbackGasLimit: 0n,
        reauction: false,
        minCollateral: 0n,
        ...overrides,
      };
    },
    async post(requester: Address, request: JobRequest, input: Hex = INPUT) {
      const receipt = await mined(
        await wallet.writeContract({
          ...market,
          account: requester,
          functionName: "postJob",
          args: [request, input],
        }),
      );
      const jobId = await publicClient.readContract({ ...market, functionName: "jobCount" });
      return { receipt, jobId };
    },
    async postWithUri(requester: Address, request: JobRequest, uri: string) {
      await mined(
        await wallet.writeContract({
          ...market,
          account: requester,
          functionName: "postJobWithUri",
          args: [request, uri, keccak256(stringToHex(uri))],
        }),
      );
      return publicClient.readContract({ ...market, functionName: "jobCount" });
    },
    async cancel(requester: Address, jobId: bigint) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: requester,
          functionName: "cancelJob",
          args: [jobId],
        }),
      );
    },
    async commit(jobId: bigint, bidder: Address, price: bigint) {
      const job = await actions.job(jobId);
      const commitment = computeBidCommitment({
        jobId,
        round: job.round,
        bidder,
        price,
        salt: saltOf(bidder, jobId, price),
      });
      return mined(
        await wallet.writeContract({
          ...market,
          account: bidder,
          functionName: "commitBid",
          args: [jobId, commitment],
        }),
      );
    },
    async reveal(jobId: bigint, bidder: Address, price: bigint) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: bidder,
          functionName: "revealBid",
          args: [jobId, price, saltOf(bidder, jobId, price)],
        }),
      );
    },
    /** Forfeits a commitment of `round` that was never revealed (after the reveal window). */
    async forfeit(jobId: bigint, round: number, bidder: Address, caller: Address) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: caller,
          functionName: "forfeitUnrevealedBid",
          args: [jobId, round, bidder],
        }),
      );
    },
    async settle(jobId: bigint, caller: Address) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: caller,
          functionName: "settleAuction",
          args: [jobId],
        }),
      );
    },
    async submit(jobId: bigint, provider: Address, output: Hex = OUTPUT) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: provider,
          functionName: "submitResult",
          args: [jobId, output, LAYER_HASHES],
        }),
      );
    },
    async submitUri(jobId: bigint, provider: Address, uri: string) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: provider,
          functionName: "submitResultUri",
          args: [jobId, uri, keccak256(stringToHex(uri)), LAYER_HASHES],
        }),
      );
    },
    async finalize(jobId: bigint, caller: Address, output: Hex = OUTPUT) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: caller,
          functionName: "finalize",
          args: [jobId, keccak256(output), TRACE, output],
        }),
      );
    },
    async finalizeUri(jobId: bigint, caller: Address, uri: string) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: caller,
          functionName: "finalize",
          args: [jobId, keccak256(stringToHex(uri)), TRACE, "0x"],
        }),
      );
    },
    async reportMissedDeadline(jobId: bigint, caller: Address) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: caller,
          functionName: "reportMissedDeadline",
          args: [jobId],
        }),
      );
    },
    async claim(who: Address) {
      return mined(await wallet.writeContract({ ...market, account: who, functionName: "claim" }));
    },
    /**
     * Challenges a submitted result at its last layer (layer `layers`): the agreed
     * input is trace leaf `layers - 2` and the disputed hash is the output hash.
     * Fits a model of two layers, whose trace tree is its one leaf (`TRACE`).
     */
    async challenge(challenger: Address, jobId: bigint, layers: number, output: Hex = OUTPUT) {
      if (d.disputeGame === undefined) throw new Error("the deployment has no dispute game");
      const game = { address: d.disputeGame, abi: disputeGameAbi, chain, gas } as const;
      await mined(
        await wallet.writeContract({
          ...token,
          account: challenger,
          functionName: "approve",
          args: [d.disputeGame, 2n ** 255n],
        }),
      );
      await mined(
        await wallet.writeContract({
          ...game,
          account: challenger,
          functionName: "challenge",
          // layer, output hash, trace root, h_{l-1} (the trace's leaf) and its
          // proof, h_l (the output hash) and its proof: a one-leaf tree needs none.
          args: [jobId, BigInt(layers), keccak256(output), TRACE, TRACE, [], keccak256(output), []],
        }),
      );
      return publicClient.readContract({ ...game, functionName: "disputeCount" });
    },
    async respond(provider: Address, disputeId: bigint, activation: Hex = OUTPUT) {
      if (d.disputeGame === undefined) throw new Error("the deployment has no dispute game");
      return mined(
        await wallet.writeContract({
          address: d.disputeGame,
          abi: disputeGameAbi,
          chain,
          gas,
          account: provider,
          functionName: "respond",
          args: [disputeId, activation],
        }),
      );
    },
    /** Lets the awaited move's deadline pass, then ends the dispute. */
    async timeout(caller: Address, disputeId: bigint) {
      if (d.disputeGame === undefined) throw new Error("the deployment has no dispute game");
      const game = { address: d.disputeGame, abi: disputeGameAbi, chain, gas } as const;
      const dispute = await publicClient.readContract({
        ...game,
        functionName: "getDispute",
        args: [disputeId],
      });
      await actions.passTimestamp(dispute.deadline);
      return mined(
        await wallet.writeContract({
          ...game,
          account: caller,
          functionName: "timeout",
          args: [disputeId],
        }),
      );
    },
    /** Closes a running dispute whose round another dispute already convicted (anyone may). */
    async closeStale(caller: Address, disputeId: bigint) {
      if (d.disputeGame === undefined) throw new Error("the deployment has no dispute game");
      return mined(
        await wallet.writeContract({
          address: d.disputeGame,
          abi: disputeGameAbi,
          chain,
          gas,
          account: caller,
          functionName: "closeStaleDispute",
          args: [disputeId],
        }),
      );
    },
    async claimBond(who: Address) {
      if (d.disputeGame === undefined) throw new Error("the deployment has no dispute game");
      return mined(
        await wallet.writeContract({
          address: d.disputeGame,
          abi: disputeGameAbi,
          chain,
          gas,
          account: who,
          functionName: "claim",
        }),
      );
    },
    async setPaused(guardian: Address, paused: boolean) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: guardian,
          functionName: "setPaused",
          args: [paused],
        }),
      );
    },
    async setGuardian(owner: Address, guardian: Address) {
      return mined(
        await wallet.writeContract({
          ...market,
          account: owner,
          functionName: "setGuardian",
          args: [guardian],
        }),
      );
    },
    /** Proposes `calls` to the Governor; returns the proposal id. */
    async propose(proposer: Address, calls: { target: Address; data: Hex }[], description: string) {
      if (d.governor === undefined) throw new Error("the deployment has no governor");
      const governor = { address: d.governor, abi: verityGovernorAbi, chain, gas } as const;
      const targets = calls.map((call) => call.target);
      const values = calls.map(() => 0n);
      const calldatas = calls.map((call) => call.data);
      await mined(
        await wallet.writeContract({
          ...governor,
          account: proposer,
          functionName: "propose",
          args: [targets, values, calldatas, description],
        }),
      );
      return publicClient.readContract({
        ...governor,
        functionName: "hashProposal",
        args: [targets, values, calldatas, keccak256(stringToHex(description))],
      });
    },
    /**
     * Walks a proposal through governance: propose, vote, queue, wait out the
     * timelock, execute. Returns the proposal id.
     */
    async govern(
      proposer: Address,
      ballots: { voter: Address; support: 0 | 1 | 2; reason?: string }[],
      calls: { target: Address; data: Hex }[],
      description: string,
    ) {
      if (d.governor === undefined) throw new Error("the deployment has no governor");
      const governor = { address: d.governor, abi: verityGovernorAbi, chain, gas } as const;
      const targets = calls.map((call) => call.target);
      const values = calls.map(() => 0n);
      const calldatas = calls.map((call) => call.data);
      const descriptionHash = keccak256(stringToHex(description));
      const proposalId = await actions.propose(proposer, calls, description);
      const delay = await publicClient.readContract({ ...governor, functionName: "votingDelay" });
      await test.mine({ blocks: Number(delay) + 1 });
      for (const ballot of ballots) {
        await mined(
          await wallet.writeContract({
            ...governor,
            account: ballot.voter,
            functionName: "castVoteWithReason",
            args: [proposalId, ballot.support, ballot.reason ?? ""],
          }),
        );
      }
      const period = await publicClient.readContract({ ...governor, functionName: "votingPeriod" });
      await test.mine({ blocks: Number(period) + 1 });
      await mined(
        await wallet.writeContract({
          ...governor,
          account: proposer,
          functionName: "queue",
          args: [targets, values, calldatas, descriptionHash],
        }),
      );
      const eta = await publicClient.readContract({
        ...governor,
        functionName: "proposalEta",
        args: [proposalId],
      });
      await actions.passTimestamp(eta);
      await mined(
        await wallet.writeContract({
          ...governor,
          account: proposer,
          functionName: "execute",
          args: [targets, values, calldatas, descriptionHash],
        }),
      );
      return proposalId;
    },
    /** A call to Parameters, for `govern`. */
    parametersCall(data: Hex) {
      return { target: d.parameters, data };
    },
    /** Moves anvil's clock forward and mines a block at the new time. */
    async advance(seconds: number | bigint) {
      await test.increaseTime({ seconds: Number(seconds) });
      await test.mine({ blocks: 1 });
    },
    /** Mines a block just past a timestamp (a deadline), unless the chain is past it already. */
    async passTimestamp(timestamp: bigint | number) {
      const block = await publicClient.getBlock({ blockTag: "latest" });
      if (block.timestamp > BigInt(timestamp)) return;
      await test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) + 1n });
      await test.mine({ blocks: 1 });
    },
    job(jobId: bigint) {
      return publicClient.readContract({ ...market, functionName: "getJob", args: [jobId] });
    },
  };
  return actions;
}

export type Protocol = ReturnType<typeof protocol>;
