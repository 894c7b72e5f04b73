#!/usr/bin/env node
/**
 * verity: one command over the SDK. `verity devnet` runs a whole local
 * network; the other commands talk to any network through flags, environment
 * variables or the devnet's defaults. Every command takes --json.
 */
import { askCommand, askUsage } from "./commands/ask.js";
import { claimCommand, claimUsage } from "./commands/claim.js";
import { delegateCommand, delegateUsage } from "./commands/delegate.js";
import { devnetCommand, devnetUsage } from "./commands/devnet.js";
import { govCommand, govUsage } from "./commands/gov.js";
import { jobCommand, jobUsage } from "./commands/job.js";
import { modelCommand, modelUsage } from "./commands/model.js";
import { providerCommand, providerUsage } from "./commands/provider.js";
import { reportError, UsageError } from "./errors.js";
import { createOutput, type Output } from "./output.js";

export const usage = `verity: the Verity inference market from the command line

usage: verity <command> [subcommand] [options] [--json]

  devnet                         a whole local network (anvil, contracts, indexer, workers, sample model)
  job post|wait|settle|cancel|show|list   post inference jobs (--fast takes a standing ask) and read results
  ask set|withdraw|show|list     a provider's standing asks (the fast path)
  provider stake|status|share|unstake|withdraw
  delegate <provider> <VRT>      back a provider; delegate undelegate|withdraw|claim|status
  model register|show|quantize   publish verifiable models
  gov power|delegate|propose|list|show|vote|queue|execute|cancel
  claim                          withdraw payments and refunds

Run \`verity <command> --help\` for a command's options.`;

const commands: Record<
  string,
  { run: (argv: readonly string[], output: Output) => Promise<void>; usage: string }
> = {
  devnet: { run: devnetCommand, usage: devnetUsage },
  job: { run: jobCommand, usage: jobUsage },
  ask: { run: askCommand, usage: askUsage },
  provider: { run: providerCommand, usage: providerUsage },
  delegate: { run: delegateCommand, usage: delegateUsage },
  model: { run: modelCommand, usage: modelUsage },
  gov: { run: govCommand, usage: govUsage },
  claim: { run: claimCommand, usage: claimUsage },
};

/** Runs one command line; resolves with the exit code. */
export async function runVerity(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  const output = createOutput(json);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"`, usage);
    // Model quantize owns its own options, --help included.
    const passThrough = name === "model" && rest[0] === "quantize";
    if (!passThrough && (rest.includes("--help") || rest.includes("-h"))) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    await command.run(rest, output);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportError(error, output);
  }
}
