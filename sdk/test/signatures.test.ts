import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as abis from "@verity/sdk/abis";
import {
  type Abi,
  decodeErrorResult,
  encodeErrorResult,
  parseAbi,
  toEventSelector,
  toFunctionSelector,
} from "viem";
import { formatAbiItem } from "viem/utils";
import { describe, expect, it } from "vitest";

type Entry = { signature: string; contracts: string[] };
type Signatures = Record<"errors" | "events" | "functions", Record<string, Entry>>;

const require = createRequire(import.meta.url);
const signatures = JSON.parse(
  readFileSync(require.resolve("@verity/sdk/abi/signatures.json"), "utf8"),
) as Signatures;
const protocolAbis = Object.values(abis) as Abi[];

describe("the published signatures (sdk/abi/signatures.json)", () => {
  it("hold every error, event and function of every protocol ABI under its real selector", () => {
    let checked = 0;
    for (const abi of protocolAbis) {
      for (const item of abi) {
        if (item.type !== "error" && item.type !== "event" && item.type !== "function") continue;
        const signature = formatAbiItem(item);
        const table = `${item.type}s` as keyof Signatures;
        const selector =
          item.type === "event" ? toEventSelector(signature) : toFunctionSelector(signature);
        expect(signatures[table][selector]?.signature, `${item.type} ${signature}`).toBe(signature);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("decode a revert from any protocol contract with nothing but the file", () => {
    // A staking error reached through the job market: the market's ABI does not declare it.
    const data = encodeErrorResult({
      abi: abis.stakingAbi,
      errorName: "StakingInsufficientFreeStake",
      args: ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 5n, 7n],
    });
    const entry = signatures.errors[data.slice(0, 10)];
    expect(entry?.contracts).toContain("Staking");
    const decoded = decodeErrorResult({
      // A signature read at run time: its types are only known then.
      abi: parseAbi([`error ${entry?.signature}`] as string[]) as Abi,
      data,
    });
    expect(decoded.errorName).toBe("StakingInsufficientFreeStake");
    expect(decoded.args).toEqual(["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 5n, 7n]);
  });

  it("ship the JSON ABIs beside them", () => {
    const market = JSON.parse(
      readFileSync(require.resolve("@verity/sdk/abi/JobMarket.json"), "utf8"),
    ) as Abi;
    expect(market).toEqual(JSON.parse(JSON.stringify(abis.jobMarketAbi)));
  });
});
