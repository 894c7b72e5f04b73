/** Parsing of command-line values, each failure saying what was wrong and what is expected. */
import { parseArgs } from "node:util";
import { type Address, isAddress, parseUnits } from "viem";
import { UsageError } from "./errors.js";

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** node:util parseArgs with our error messages; `--json` and `--help` are always accepted. */
export function parse<options extends Options>(
  argv: readonly string[],
  options: options,
  usage: string,
) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        ...options,
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      } as options & {
        json: { type: "boolean" };
        help: { type: "boolean"; short: "h" };
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ""), usage);
  }
}

/** A decimal token amount ("5", "0.25") in the token's smallest unit. */
export function parseAmount(
  text: string | undefined,
  decimals: number,
  flag: string,
  usage?: string,
): bigint {
  if (text === undefined) throw new UsageError(`${flag} is required`, usage);
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(
      `${flag} must be a positive decimal number of tokens such as 5 or 0.25, got "${text}"`,
      usage,
    );
  }
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new UsageError(`${flag} has more than ${decimals} decimals: "${text}"`, usage);
  }
  const value = parseUnits(text, decimals);
  if (value === 0n) throw new UsageError(`${flag} must be more than 0`, usage);
  return value;
}

/** A positive integer id (job, model, proposal). */
export function parseId(text: string | undefined, what: string, usage?: string): bigint {
  if (text === undefined) throw new UsageError(`which ${what}? Give its id`, usage);
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) {
    throw new UsageError(`${what} must be a positive integer id, got "${text}"`, usage);
  }
  return BigInt(text);
}

export function parseInteger(
  text: string | undefined,
  flag: string,
  fallback: number,
  min = 0,
  usage?: string,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} must be an integer of at least ${min}, got "${text}"`, usage);
  }
  return value;
}

export function parseAddress(
  text: string | undefined,
  flag: string,
  usage?: string,
): Address | undefined {
  if (text === undefined) return undefined;
  if (!isAddress(text, { strict: false }))
    throw new UsageError(`${flag} must be an address (0x + 40 hex digits), got "${text}"`, usage);
  return text as Address;
}
