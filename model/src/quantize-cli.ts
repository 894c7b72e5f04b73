/**
 * The model toolchain's command line (`verity-model quantize ...`); `verity model
 * quantize` hands over to `runCli`. Without the CLI package:
 * `npm run quantize -w @verity/model -- --float f.json --calib c.json --out dir`
 * (scripts/quantize.ts).
 */
import { parseArgs } from "node:util";
import { releaseOnnxSessions } from "./onnx-run.js";
import type { WeightedLayerQuantization } from "./quantize.js";
import { type QuantizeCommandResult, quantizeCommand } from "./quantize-command.js";

export const USAGE = `usage: verity-model quantize --float <model.json|model.onnx> --calib <calib.json> --out <dir>
                             [--eval <heldout.json>] [--name <stem>] [--percentile <p>] [--json]

  --float       float model: an ONNX file of Conv, MaxPool, AveragePool, Add (bias or residual), Relu,
                Flatten/Reshape, Gemm or MatMul (a CNN's input declared [N, C, H, W]), or a dense model as JSON
                { "layers": [{ "W": number[N][K], "b": number[N], "relu": bool }], "weightLayout"?: "NK"|"KN" }
  --calib       calibration inputs: { "inputs": number[][], "labels"?: number[] } or number[][]
                (an image as its C*H*W values in NCHW order)
  --eval        held-out inputs (same form) to report accuracy on; default: the calibration set
  --out         directory for <stem>.verity.json, <stem>.onnx, <stem>.meta.json
  --percentile  activation range as this percentile of |value| (default 100 = max abs)
  --json        print the result as JSON instead of tables`;

export type CliIo = { out: (line: string) => void; err: (line: string) => void };

const percent = (v: number | undefined) => (v === undefined ? "-" : `${(v * 100).toFixed(2)}%`);

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** M, s and the scales of one layer for the table; "-" where the kind has none. */
function layerRow(q: QuantizeCommandResult["layers"][number], i: number): string[] {
  const e = (v: number | undefined) => (v === undefined ? "-" : v.toExponential(4));
  const common = [
    String(i + 1),
    q.kind,
    q.input.join("x"),
    q.output.join("x"),
    q.kind === "maxpool" || q.kind === "avgpool" ? "-" : q.relu ? "yes" : "no",
  ];
  if (q.kind === "maxpool" || q.kind === "avgpool") {
    return [...common, "-", "-", e(q.inputScale), "-", e(q.outputScale), "-"];
  }
  if (q.kind === "add") {
    return [
      ...common,
      `${q.Ma}, ${q.Mb}`,
      String(q.s),
      `${e(q.inputScale)}, ${e(q.skipScale)}`,
      "-",
      e(q.outputScale),
      q.multiplierError.toExponential(1),
    ];
  }
  const w = q as WeightedLayerQuantization;
  return [
    ...common,
    String(w.M),
    String(w.s),
    e(w.inputScale),
    e(w.weightScale),
    e(w.outputScale),
    w.multiplierError.toExponential(1),
  ];
}

function report(result: QuantizeCommandResult): string[] {
  const layerRows = [
    [
      "layer",
      "kind",
      "input",
      "output",
      "relu",
      "M",
      "s",
      "input scale",
      "weight scale",
      "output scale",
      "M/2^s error",
    ],
    ...result.layers.map(layerRow),
  ];
  const a = result.accuracy;
  const accuracyRows = [
    ["metric", `value (${a.samples} ${result.evaluatedOn} inputs)`],
    ["float top-1 accuracy", percent(a.floatAccuracy)],
    ["integer top-1 accuracy", percent(a.intAccuracy)],
    [
      "accuracy lost",
      a.floatAccuracy === undefined || a.intAccuracy === undefined
        ? "-"
        : `${((a.floatAccuracy - a.intAccuracy) * 100).toFixed(2)} points`,
    ],
    ["float/integer top-1 agreement", percent(a.top1Agreement)],
    ["mean |output error|", a.meanAbsOutputError.toExponential(3)],
  ];
  return [
    ...table(layerRows),
    "",
    ...table(accuracyRows),
    "",
    `onnxruntime vs reference executor: ${result.onnxruntime.valuesCompared} values, ${result.onnxruntime.mismatches} mismatches`,
    ...result.warnings.map((w) => `warning: ${w}`),
    `weight commitment ${result.meta.weightCommitment}`,
    `artifact hash     ${result.meta.artifactHash}`,
    `compute units     ${result.meta.computeUnits}`,
    `wrote ${result.files.model}, ${result.files.onnx}, ${result.files.meta}`,
  ];
}

/** Runs one command; returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(
  argv: readonly string[],
  io: CliIo = { out: console.log, err: console.error },
): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "quantize") {
    io.err(command === undefined ? USAGE : `unknown command ${command}\n${USAGE}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        float: { type: "string" },
        calib: { type: "string" },
        eval: { type: "string" },
        out: { type: "string" },
        name: { type: "string" },
        percentile: { type: "string" },
        json: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { float, calib, out } = values;
  if (typeof float !== "string" || typeof calib !== "string" || typeof out !== "string") {
    io.err(`--float, --calib and --out are required\n${USAGE}`);
    return 2;
  }
  const percentile = values.percentile === undefined ? undefined : Number(values.percentile);
  if (percentile !== undefined && !(percentile > 0 && percentile <= 100)) {
    io.err(`--percentile must be in (0, 100], got ${String(values.percentile)}`);
    return 2;
  }
  try {
    const result = await quantizeCommand({
      floatPath: float,
      calibrationPath: calib,
      outDir: out,
      ...(typeof values.eval === "string" ? { evalPath: values.eval } : {}),
      ...(typeof values.name === "string" ? { name: values.name } : {}),
      ...(percentile === undefined ? {} : { percentile }),
    });
    if (values.json === true) io.out(JSON.stringify(result, null, 2));
    else for (const line of report(result)) io.out(line);
    return 0;
  } catch (error) {
    io.err(`quantize failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await releaseOnnxSessions();
  }
}
