/** Amounts and times as people read them. The payment token has 6 decimals, VRT 18. */
import { formatUnits } from "viem";

export const USD_DECIMALS = 6;
export const VRT_DECIMALS = 18;

function trim(value: string, maxFraction: number): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const cut = fraction.slice(0, maxFraction).replace(/0+$/, "");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${cut ? `.${cut}` : ""}`;
}

export const usd = (wei: bigint | null | undefined): string =>
  wei === null || wei === undefined ? "—" : `${trim(formatUnits(wei, USD_DECIMALS), 6)} USD`;

export const vrt = (wei: bigint | null | undefined): string =>
  wei === null || wei === undefined ? "—" : `${trim(formatUnits(wei, VRT_DECIMALS), 4)} VRT`;

/** Payment-token wei as a plain number of dollars, for charts. */
export const usdNumber = (wei: bigint | string | null): number =>
  wei === null ? Number.NaN : Number(BigInt(wei)) / 10 ** USD_DECIMALS;

export const shortHex = (hex: string | null | undefined): string =>
  hex ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : "—";

/** A chain timestamp (seconds) as local date and time. */
export function time(seconds: bigint | number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === 0n || seconds === 0) return "—";
  return new Date(Number(seconds) * 1000).toLocaleString("en-GB", { hour12: false });
}

/** A ratio as a percentage, or "—" when there is nothing to divide by. */
export const ratio = (part: number, whole: number): string =>
  whole === 0 ? "—" : `${((100 * part) / whole).toFixed(whole >= 100 ? 1 : 0)}%`;

/** A stored ratio in basis points as a percentage, or "—" when there was nothing to divide by. */
export const bpsRatio = (bps: number, whole: number): string =>
  whole === 0 ? "—" : `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;

/** A latency in seconds and blocks, or "—" before the first result. */
export const latency = (seconds: bigint | null, blocks: bigint | null): string =>
  seconds === null || blocks === null ? "—" : `${seconds} s (${blocks} blocks)`;

/** A job's price: "—" while no bid leads (the indexer, as the contract, says 0 then). */
export const jobPrice = (job: { provider: string | null; price: bigint }): string =>
  job.provider === null ? "—" : usd(job.price);
