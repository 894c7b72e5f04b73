import { machineLoad, median, round1 } from "./stats.js";

/** One benchmark figure: its runs, their median, the target beside it, and the machine's load. */
export type Figure = {
  name: string;
  unit: string;
  runs: number[];
  median: number;
  /** The target, as a bound on the median. */
  target?: { op: "<=" | ">="; value: number } | undefined;
  met?: boolean | undefined;
  loadBefore: number[];
  loadAfter: number[];
  /** Set when a run does not count: the figure is void and the benchmark exits non-zero. */
  voidBecause?: string | undefined;
};

export function figure(
  name: string,
  unit: string,
  runs: number[],
  loadBefore: number[],
  target?: Figure["target"],
  voidBecause?: string,
): Figure {
  const value = round1(median(runs));
  const met =
    target === undefined
      ? undefined
      : target.op === "<="
        ? value <= target.value
        : value >= target.value;
  return {
    name,
    unit,
    runs,
    median: value,
    target,
    met: voidBecause === undefined ? met : undefined,
    loadBefore,
    loadAfter: machineLoad(),
    voidBecause,
  };
}

/** The figures as a table: each target beside its measured median, and the load around it. */
export function formatFigures(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    f.target === undefined ? "" : `${f.target.op} ${f.target.value} ${f.unit}`,
    `${f.median} ${f.unit}`,
    f.runs.join(" / "),
    `${f.loadBefore[0]} -> ${f.loadAfter[0]}`,
    f.voidBecause !== undefined ? "VOID" : f.met === undefined ? "" : f.met ? "met" : "MISSED",
  ]);
  const header = ["figure", "target", "median", "runs", "load (1 min)", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
