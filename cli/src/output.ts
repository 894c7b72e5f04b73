/**
 * Output for people (tables, aligned key/value lists, progress lines) and for
 * programs (`--json`: one JSON document on stdout, bigints as decimal strings).
 */
import { formatUnits } from "viem";

export type Output = {
  json: boolean;
  /** A line for people; suppressed with --json. */
  line(text?: string): void;
  /** The command's result: JSON with --json, else rendered by `human`. */
  result(value: unknown, human: () => void): void;
  /** A long step: "… step" now, "✓ step (1.2 s)" or "✗ step" when it ends. */
  step<result>(text: string, run: () => Promise<result>): Promise<result>;
  /** A note on stderr (defaults used, warnings); suppressed with --json. */
  note(text: string): void;
};

const tty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
export const color = {
  dim: paint(2),
  bold: paint(1),
  green: paint(32),
  red: paint(31),
  yellow: paint(33),
  cyan: paint(36),
};

export function createOutput(
  json: boolean,
  write: (text: string) => void = (t) => process.stdout.write(t),
): Output {
  return {
    json,
    line(text = "") {
      if (!json) write(`${text}\n`);
    },
    result(value, human) {
      if (json) write(`${toJson(value)}\n`);
      else human();
    },
    async step(text, run) {
      const started = Date.now();
      // On a terminal the "…" line is replaced by the outcome; in a log both stay.
      if (!json) write(tty ? `${color.dim("…")} ${text}` : `… ${text}\n`);
      const done = (mark: string, suffix: string) => {
        if (!json) write(`${tty ? "\r\u001b[2K" : ""}${mark} ${text}${suffix}\n`);
      };
      try {
        const result = await run();
        done(color.green("✓"), ` ${color.dim(`(${seconds(Date.now() - started)})`)}`);
        return result;
      } catch (error) {
        done(color.red("✗"), "");
        throw error;
      }
    },
    note(text) {
      if (!json) process.stderr.write(`${color.dim(text)}\n`);
    },
  };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Rows of cells as an aligned table; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(...rows.map((r) => visible(r[c] ?? "").length)),
  );
  return rows
    .map((row, i) => {
      const line = row
        .map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - visible(cell).length))
        .join("  ")
        .trimEnd();
      return i === 0 ? color.bold(line) : line;
    })
    .join("\n");
}

/** `key  value` lines with the keys aligned. */
export function keyValues(entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${color.dim(k.padEnd(width))}  ${v}`).join("\n");
}

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
function visible(text: string): string {
  return text.replace(ansi, "");
}

/** A token amount with its symbol, trailing zeros dropped: "1.42 tUSD". */
export function amount(value: bigint | null | undefined, decimals: number, symbol: string): string {
  if (value === null || value === undefined) return "-";
  return `${formatUnits(value, decimals)} ${symbol}`;
}

export const usd = (value: bigint | null | undefined) => amount(value, 6, "tUSD");
export const vrt = (value: bigint | null | undefined) => amount(value, 18, "VRT");

/** A unix time as a local clock time plus how far away it is. */
export function when(
  unixSeconds: number | bigint | null | undefined,
  now = Date.now() / 1000,
): string {
  if (unixSeconds === null || unixSeconds === undefined || Number(unixSeconds) === 0) return "-";
  const t = Number(unixSeconds);
  const delta = Math.round(t - now);
  const clock = new Date(t * 1000).toLocaleTimeString();
  return delta >= 0 ? `${clock} (in ${delta} s)` : `${clock} (${-delta} s ago)`;
}

export function short(hex: string | null | undefined, keep = 10): string {
  if (!hex) return "-";
  return hex.length <= keep * 2 ? hex : `${hex.slice(0, keep)}…${hex.slice(-4)}`;
}
