import {
  computeBidCommitment,
  createVerityClient,
  modelKindName,
  type ProposalAction,
  type VerityClient,
  type VoteSupportName,
} from "@verity/sdk";
import { jobMarketAbi, stakingAbi, testStablecoinAbi, verityTokenAbi } from "@verity/sdk/abis";
import {
  type Address,
  createWalletClient,
  custom,
  type Hash,
  type Hex,
  keccak256,
  stringToHex,
  type TransactionReceipt,
  zeroHash,
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

/**
 * The protocol's actions, each sent through the SDK's action (what integrators run) from one of
 * anvil's unlocked accounts and waited for. What the SDK has no action for, because no integrator
 * sends it (minting the test stablecoin, a plain token transfer, the guardian's switches), is sent
 * raw from the same accounts.
 */
export function protocol(clients: Clients, d: Deployment) {
  const { wallet, public: publicClient, test } = clients;
  const chain = publicClient.chain;
  const transport = custom({ request: (args) => publicClient.request(args as never) });

  const reader = createVerityClient({ publicClient, deployment: d });
  const sdkClients = new Map<Address, VerityClient>();
  /** The SDK client acting as `who` (an unlocked account: anvil signs). */
  function as(who: Address): VerityClient {
    let client = sdkClients.get(who);
    if (client === undefined) {
      client = createVerityClient({
        publicClient,
        walletClient: createWalletClient({ account: who, chain, transport }),
        deployment: d,
      });
      sdkClients.set(who, client);
    }
    return client;
  }

  async function mined(hash: Hash): Promise<TransactionReceipt> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }
  // A fixed gas limit for the raw sends: anvil's estimates fell short for ERC20Votes
  // checkpoints (a token transfer moves votes).
  const gas = 3_000_000n;
  const token = { address: d.token, abi: verityTokenAbi, chain, gas } as const;
  const usd = { address: d.paymentToken, abi: testStablecoinAbi, chain, gas } as const;
  const market = { address: d.jobMarket, abi: jobMarketAbi, chain, gas } as const;

  const actions = {
    mined,
    as,
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
      return (await as(from).delegate({ delegatee: to, source: "token" })).tokenHash;
    },
    /** Mints test dollars to `to` and approves the market for all of them. */
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
      const { receipt, modelId } = await as(publisher).registerModel({
        meta: {
          artifactHash: keccak256(stringToHex(artifact)),
          weightCommitment: kind === 1 ? keccak256(stringToHex(`${artifact}:weights`)) : zeroHash,
          widths,
          computeUnits: 192n,
        },
        uri: `ipfs://${artifact}`,
        kind: modelKindName(kind),
      });
      return { receipt, modelId };
    },
    async retireModel(publisher: Address, modelId: bigint) {
      return (await as(publisher).retireModel({ modelId })).receipt;
    },
    async registerProvider(who: Address, metadata: string) {
      return (await as(who).register({ metadata })).receipt;
    },
    async updateMetadata(who: Address, metadata: string) {
      return mined(
        await wallet.writeContract({
          address: d.staking,
          abi: stakingAbi,
          chain,
          gas,
          account: who,
          functionName: "updateMetadata",
          args: [metadata],
        }),
      );
    },
    async stake(who: Address, amount: bigint) {
      return (await as(who).stake({ amount })).receipt;
    },
    async requestUnstake(who: Address, amount: bigint) {
      return (await as(who).requestUnstake({ amount })).receipt;
    },
    async withdraw(who: Address) {
      return (await as(who).withdraw()).receipt;
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
      const { receipt, jobId } = await as(requester).postJob({ ...request, input });
      return { receipt, jobId };
    },
    async postWithUri(requester: Address, request: JobRequest, uri: string) {
      const { jobId } = await as(requester).postJob({
        ...request,
        inputUri: uri,
        inputHash: keccak256(stringToHex(uri)),
      });
      return jobId;
    },
    async cancel(requester: Address, jobId: bigint) {
      return (await as(requester).cancelJob({ jobId })).receipt;
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
      return (await as(bidder).commitBid({ jobId, commitment })).receipt;
    },
    async reveal(jobId: bigint, bidder: Address, price: bigint) {
      return (await as(bidder).revealBid({ jobId, price, salt: saltOf(bidder, jobId, price) }))
        .receipt;
    },
    /** Forfeits a commitment of `round` that was never revealed (after the reveal window). */
    async forfeit(jobId: bigint, round: number, bidder: Address, caller: Address) {
      return (await as(caller).forfeitUnrevealedBid({ jobId, round, bidder })).receipt;
    },
    async settle(jobId: bigint, caller: Address) {
      return (await as(caller).settleAuction({ jobId })).receipt;
    },
    async submit(jobId: bigint, provider: Address, output: Hex = OUTPUT) {
      return (await as(provider).submitResult({ jobId, output, layerHashes: LAYER_HASHES }))
        .receipt;
    },
    async submitUri(jobId: bigint, provider: Address, uri: string) {
      return (
        await as(provider).submitResult({
          jobId,
          outputUri: uri,
          outputHash: keccak256(stringToHex(uri)),
          layerHashes: LAYER_HASHES,
        })
      ).receipt;
    },
    async finalize(jobId: bigint, caller: Address, output: Hex = OUTPUT) {
      const result = { outputHash: keccak256(output), traceRoot: TRACE, output };
      return (await as(caller).finalizeJob({ jobId, result })).receipt;
    },
    async finalizeUri(jobId: bigint, caller: Address, uri: string) {
      const result = {
        outputHash: keccak256(stringToHex(uri)),
        traceRoot: TRACE,
        output: "0x" as Hex,
      };
      return (await as(caller).finalizeJob({ jobId, result })).receipt;
    },
    async reportMissedDeadline(jobId: bigint, caller: Address) {
      return (await as(caller).reportMissedDeadline({ jobId })).receipt;
    },
    async claim(who: Address) {
      return (await as(who).claim()).receipt;
    },
    /**
     * Challenges a submitted result at its last layer (layer `layers`): the agreed
     * input is trace leaf `layers - 2` and the disputed hash is the output hash.
     * Fits a model of two layers, whose trace tree is its one leaf (`TRACE`).
     */
    async challenge(challenger: Address, jobId: bigint, layers: number, output: Hex = OUTPUT) {
      const { disputeId } = await as(challenger).challenge({
        jobId,
        layer: layers,
        outputHash: keccak256(output),
        traceRoot: TRACE,
        // h_{l-1} is the trace's one leaf; a one-leaf tree needs no proofs.
        hPrev: TRACE,
        hDisputed: keccak256(output),
      });
      return disputeId;
    },
    async respond(provider: Address, disputeId: bigint, activation: Hex = OUTPUT) {
      return (await as(provider).respond({ disputeId, activation })).receipt;
    },
    /** Lets the awaited move's deadline pass, then ends the dispute. */
    async timeout(caller: Address, disputeId: bigint) {
      const dispute = await reader.getDispute({ disputeId });
      await actions.passTimestamp(dispute.deadline);
      return (await as(caller).timeoutDispute({ disputeId })).receipt;
    },
    /** Closes a running dispute whose round another dispute already convicted (anyone may). */
    async closeStale(caller: Address, disputeId: bigint) {
      return (await as(caller).closeStaleDispute({ disputeId })).receipt;
    },
    async claimBond(who: Address) {
      return (await as(who).claimBond()).receipt;
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
      const proposal: ProposalAction[] = calls.map((c) => ({ target: c.target, calldata: c.data }));
      return (await as(proposer).propose({ actions: proposal, description, check: false }))
        .proposalId;
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
      const proposalId = await actions.propose(proposer, calls, description);
      // Votes are taken after the snapshot block, until the deadline block included.
      const { snapshot, deadline } = await reader.getProposalState({ proposalId });
      await mineTo(snapshot + 1n);
      const supports: VoteSupportName[] = ["against", "for", "abstain"];
      for (const ballot of ballots) {
        await as(ballot.voter).vote({
          proposalId,
          support: supports[ballot.support] as VoteSupportName,
          ...(ballot.reason === undefined ? {} : { reason: ballot.reason }),
        });
      }
      await mineTo(deadline + 1n);
      const { eta } = await as(proposer).queue({ proposalId });
      await actions.passTimestamp(eta);
      await as(proposer).execute({ proposalId });
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
    async job(jobId: bigint) {
      return reader.getJob({ jobId });
    },
  };

  /** Mines blocks until the chain's height is at least `height`. */
  async function mineTo(height: bigint) {
    const current = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (current < height) await test.mine({ blocks: Number(height - current) });
  }
  return actions;
}

export type Protocol = ReturnType<typeof protocol>;
