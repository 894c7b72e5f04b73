import {
  type BaseError,
  decodeVerityError,
  isVerityContractError,
  jobMarketAbi,
  parametersAbi,
  protocolErrorAbi,
  revertDataOf,
  stakingAbi,
  toVerityError,
  VerityContractError,
  verityGovernorAbi,
  verityTimelockAbi,
} from "@verity/sdk";
import { encodeErrorResult, stringToHex } from "viem";
import { describe, expect, it } from "vitest";

describe("contract errors", () => {
  it("decodes any protocol contract's error from raw revert data, with typed args", () => {
    const raw = encodeErrorResult({
      abi: stakingAbi,
      errorName: "StakingInsufficientFreeStake",
      args: ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 5n, 7n],
    });
    const error = decodeVerityError(raw, { functionName: "revealBid" });
    expect(error).toBeInstanceOf(VerityContractError);
    expect(error?.errorName).toBe("StakingInsufficientFreeStake");
    expect(error?.args).toEqual(["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 5n, 7n]);
    expect(error?.shortMessage).toBe(
      "revealBid reverted: StakingInsufficientFreeStake(provider: 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC, free: 5, need: 7)",
    );
    expect(error?.hint).toContain("stake more");
    const data = error?.data;
    if (data?.errorName === "StakingInsufficientFreeStake") {
      const [, free, need] = data.args; // typed: [address, bigint, bigint]
      expect(need - free).toBe(2n);
    }
  });

  it("shows enum arguments by name", () => {
    const raw = encodeErrorResult({
      abi: jobMarketAbi,
      errorName: "MarketWrongStatus",
      args: [4n, 3],
    });
    expect(decodeVerityError(raw)?.shortMessage).toBe(
      "The call reverted: MarketWrongStatus(jobId: 4, status: Submitted(3))",
    );
  });

  it("decodes Error(string) reverts", () => {
    const raw = encodeErrorResult({
      abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
      errorName: "Error",
      args: ["nope"],
    });
    const error = decodeVerityError(raw);
    expect(error?.errorName).toBe("Error");
    expect(error?.args).toEqual(["nope"]);
  });

  it("finds revert data anywhere in a cause chain, and leaves other errors alone", () => {
    const raw = encodeErrorResult({ abi: jobMarketAbi, errorName: "MarketPaused" });
    const nested = new Error("outer", {
      cause: new Error("middle", { cause: Object.assign(new Error("rpc"), { data: raw }) }),
    });
    expect(revertDataOf(nested)).toBe(raw);
    const decoded = toVerityError(nested, "postJob");
    expect(isVerityContractError(decoded, "MarketPaused")).toBe(true);
    expect((decoded as BaseError).walk()).toBeInstanceOf(Error);
    const plain = new Error("network down");
    expect(toVerityError(plain)).toBe(plain);
    expect(decodeVerityError("0xdeadbeef")).toBeUndefined();
  });

  it("covers every protocol contract's errors once", () => {
    const names = protocolErrorAbi.map((e) => e.name);
    for (const name of [
      "MarketPaused",
      "StakingZeroAmount",
      "ModelRegistryDuplicate",
      "ParametersOutOfBounds",
      "DisputeWrongPhase",
      "GovernorUnexpectedProposalState",
      "TimelockUnexpectedOperationState",
      "ERC20InsufficientBalance",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("explains governance and parameter errors in words", () => {
    const bitmap = (...states: number[]) =>
      `0x${states
        .reduce((m, s) => m | (1n << BigInt(s)), 0n)
        .toString(16)
        .padStart(64, "0")}` as const;
    const late = decodeVerityError(
      encodeErrorResult({
        abi: verityGovernorAbi,
        errorName: "GovernorUnexpectedProposalState",
        args: [7n, 3, bitmap(1)],
      }),
      { functionName: "castVote" },
    );
    expect(late?.shortMessage).toBe(
      "castVote reverted: GovernorUnexpectedProposalState(proposalId: 7, current: Defeated(3), expectedStates: [Active])",
    );
    expect(late?.explanation).toBe(
      "the proposal is Defeated (voting has closed); this needs it Active, i.e. voting is open",
    );
    const duplicate = decodeVerityError(
      encodeErrorResult({
        abi: verityGovernorAbi,
        errorName: "GovernorUnexpectedProposalState",
        args: [7n, 1, bitmap()],
      }),
    );
    expect(duplicate?.explanation).toContain("an identical proposal exists");
    const early = decodeVerityError(
      encodeErrorResult({
        abi: verityTimelockAbi,
        errorName: "TimelockUnexpectedOperationState",
        args: [bitmap(), bitmap(2)],
      }),
    );
    expect(early?.shortMessage).toContain("expectedStates: [Ready]");
    expect(early?.explanation).toContain("the timelock delay has not passed yet");
    const proposer = decodeVerityError(
      encodeErrorResult({
        abi: verityGovernorAbi,
        errorName: "GovernorInsufficientProposerVotes",
        args: ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 5n * 10n ** 17n, 10n ** 24n],
      }),
    );
    expect(proposer?.explanation).toBe(
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC had 0.5 VRT of votes at the previous block; proposing needs at least 1000000 VRT",
    );
    expect(proposer?.hint).not.toContain("delegate to yourself first");
    const bounds = decodeVerityError(
      encodeErrorResult({
        abi: parametersAbi,
        errorName: "ParametersOutOfBounds",
        args: [stringToHex("protocolFeeBps", { size: 32 }), 5000n, 0n, 2000n],
      }),
    );
    expect(bounds?.shortMessage).toContain(
      'ParametersOutOfBounds(name: "protocolFeeBps", value: 5000',
    );
    expect(bounds?.explanation).toBe("protocolFeeBps = 5000 is outside its bounds [0, 2000]");
  });
});
