import { type Address, zeroAddress } from "viem";
import { stakingAbi, verityGovernorAbi, verityTokenAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import { WalletRequiredError, type WalletRequiredErrorType } from "../../errors/wallet.js";

export type GetVotingPowerParameters = {
  /** Whose power; defaults to the wallet's account. */
  account?: Address | undefined;
};
export type GetVotingPowerReturnType = {
  account: Address;
  /** The account's own VRT: liquid (in the wallet) and staked (bonded plus unbonding). */
  liquid: bigint;
  staked: bigint;
  /** Who votes with each; undefined when not delegated (liquid VRT then counts for no one). */
  liquidDelegate: Address | undefined;
  stakeDelegate: Address | undefined;
  /** Votes delegated to this account now, by source, and their sum. */
  votesFromLiquid: bigint;
  votesFromStake: bigint;
  votes: bigint;
  /** Votes at the previous block, which is what propose() checks against the threshold. */
  pastVotes: bigint;
  proposalThreshold: bigint;
  canPropose: boolean;
  /** The VRT supply, and `votes` as basis points of it. */
  totalSupply: bigint;
  shareBps: number;
};
export type GetVotingPowerErrorType =
  | VerityContractErrorType
  | MissingContractErrorType
  | WalletRequiredErrorType;

/**
 * An account's voting power: what it holds (liquid and staked), to whom each is
 * delegated, the votes delegated to it, and whether that reaches the proposal threshold.
 */
export async function getVotingPower(
  client: VerityCoreClient,
  parameters: GetVotingPowerParameters = {},
): Promise<GetVotingPowerReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "getVotingPower");
  const account = parameters.account ?? client.walletClient?.account?.address;
  if (account === undefined) throw new WalletRequiredError("getVotingPower");
  const read = client.publicClient;
  const token = { address: client.deployment.token, abi: verityTokenAbi } as const;
  const staking = { address: client.deployment.staking, abi: stakingAbi } as const;
  const gov = { address: governor, abi: verityGovernorAbi } as const;
  try {
    const [
      liquid,
      stake,
      liquidDelegate,
      stakeDelegate,
      votesFromLiquid,
      votesFromStake,
      threshold,
      totalSupply,
      clock,
    ] = await Promise.all([
      read.readContract({ ...token, functionName: "balanceOf", args: [account] }),
      read.readContract({ ...staking, functionName: "stakeOf", args: [account] }),
      read.readContract({ ...token, functionName: "delegates", args: [account] }),
      read.readContract({ ...staking, functionName: "delegates", args: [account] }),
      read.readContract({ ...token, functionName: "getVotes", args: [account] }),
      read.readContract({ ...staking, functionName: "getVotes", args: [account] }),
      read.readContract({ ...gov, functionName: "proposalThreshold" }),
      read.readContract({ ...token, functionName: "totalSupply" }),
      read.readContract({ ...gov, functionName: "clock" }),
    ]);
    const pastVotes =
      clock === 0
        ? 0n
        : await read.readContract({
            ...gov,
            functionName: "getVotes",
            args: [account, BigInt(clock) - 1n],
          });
    const votes = votesFromLiquid + votesFromStake;
    return {
      account,
      liquid,
      staked: BigInt(stake.bonded) + BigInt(stake.unbonding),
      liquidDelegate: liquidDelegate === zeroAddress ? undefined : liquidDelegate,
      stakeDelegate: stakeDelegate === zeroAddress ? undefined : stakeDelegate,
      votesFromLiquid,
      votesFromStake,
      votes,
      pastVotes,
      proposalThreshold: threshold,
      canPropose: pastVotes >= threshold,
      totalSupply,
      shareBps: totalSupply === 0n ? 0 : Number((votes * 10_000n) / totalSupply),
    };
  } catch (error) {
    throw toVerityError(error, "getVotingPower");
  }
}
