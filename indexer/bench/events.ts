import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
import { type Abi, type Address, type Hex, toEventSelector } from "viem";
import type { Deployment } from "../deployment.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

/**
 * The events the indexer has handlers for ("Contract:Event"), read from its
 * handler files, so that the trivial app of the benchmark handles exactly the
 * same events.
 */
export function handledEvents(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(src)) {
    if (!file.endsWith(".ts")) continue;
    const text = readFileSync(join(src, file), "utf8");
    for (const match of text.matchAll(/ponder\.on\(\s*"([A-Za-z]+:[A-Za-z]+)"/g)) {
      if (match[1] !== undefined) names.add(match[1]);
    }
  }
  return [...names].sort();
}

/** The indexed contracts' addresses and the selectors of the events the indexer handles. */
export function indexedEvents(d: Deployment): { addresses: Address[]; selectors: Hex[] } {
  const contracts: Record<string, { abi: Abi; address: Address | undefined }> = {
    VerityToken: { abi: verityTokenAbi, address: d.token },
    Parameters: { abi: parametersAbi, address: d.parameters },
    Staking: { abi: stakingAbi, address: d.staking },
    ModelRegistry: { abi: modelRegistryAbi, address: d.modelRegistry },
    JobMarket: { abi: jobMarketAbi, address: d.jobMarket },
    DisputeGame: { abi: disputeGameAbi, address: d.disputeGame },
    Governor: { abi: verityGovernorAbi, address: d.governor },
    DelegationPool: { abi: delegationPoolAbi, address: d.delegationPool },
    AskBook: { abi: askBookAbi, address: d.askBook },
  };
  const addresses = new Set<Address>();
  const selectors = new Set<Hex>();
  for (const name of handledEvents()) {
    const [contractName = "", eventName = ""] = name.split(":");
    // Block handlers (the proposal clock) run on blocks, not logs: there is no event to count.
    if (eventName === "block") continue;
    const contract = contracts[contractName];
    if (contract === undefined) throw new Error(`unknown contract in ${name}`);
    if (contract.address === undefined) continue;
    addresses.add(contract.address);
    const item = contract.abi.find((entry) => entry.type === "event" && entry.name === eventName);
    if (item === undefined || item.type !== "event") throw new Error(`no event ${name}`);
    selectors.add(toEventSelector(item));
  }
  return { addresses: [...addresses], selectors: [...selectors] };
}
