/** How the CLI reports failures: what was wrong, and what to do. */
import { BaseError, isVerityContractError } from "@verity/sdk";
import { color, type Output, toJson } from "./output.js";

/** Bad input on the command line; exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly usage: string | undefined;
  constructor(message: string, usage?: string) {
    super(message);
    this.usage = usage;
  }
}

export function reportError(error: unknown, output: Output): number {
  const usage = error instanceof UsageError;
  const hint = isVerityContractError(error) ? error.hint : undefined;
  const message =
    error instanceof BaseError
      ? error.shortMessage
      : error instanceof Error
        ? error.message
        : String(error);
  const meta =
    error instanceof BaseError
      ? (error.metaMessages ?? []).filter((m) => !m.startsWith("Hint:"))
      : [];
  if (output.json) {
    process.stdout.write(
      `${toJson({
        error: {
          name: error instanceof Error ? error.name : "Error",
          message,
          ...(isVerityContractError(error)
            ? {
                errorName: error.errorName,
                args: error.args,
                ...(error.explanation ? { explanation: error.explanation } : {}),
              }
            : {}),
          ...(hint ? { hint } : {}),
        },
      })}\n`,
    );
  } else {
    process.stderr.write(`${color.red("error:")} ${message}\n`);
    for (const line of meta) process.stderr.write(`  ${line}\n`);
    if (hint) process.stderr.write(`${color.yellow("hint:")} ${hint}\n`);
    if (usage && error.usage) process.stderr.write(`\n${error.usage}\n`);
  }
  return usage ? 2 : 1;
}
