import { loadavg } from "node:os";

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** The median of repeated figures (the middle run of an odd count). */
export const median = (values: number[]) => percentile(values, 50);

export const round1 = (value: number) => Number(value.toFixed(1));

/** The machine's 1, 5 and 15 minute load averages: printed beside every figure. */
export const machineLoad = () => loadavg().map((l) => Number(l.toFixed(2)));
