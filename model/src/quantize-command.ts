/**
 * The whole `quantize` pipeline behind the command line (`verity-model quantize`
 * and `verity model quantize`): read a float model and calibration data, quantize, measure what
 * was lost, export, check onnxruntime against the reference executor, write files.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { type AccuracyReport, compareModels } from "./evaluate.js";
import { execute } from "./executor.js";
import { type FloatLayer, type FloatModel, floatModelFromJson, isDense } from "./float-model.js";
import { floatModelFromOnnx } from "./float-onnx.js";
import { spatialInputShape, spatialOutputShape } from "./float-spatial.js";
import { type ModelMeta, modelMeta } from "./meta.js";
import { stringifyModel } from "./model-file.js";
import { exportOnnx } from "./onnx.js";
import { runOnnx } from "./onnx-run.js";
import { formatJson } from "./pretty-json.js";
import { type LayerQuantization, quantizeInput, quantizeModel } from "./quantize.js";
import type { AnyModel } from "./types.js";

export type DataSet = { inputs: number[][]; labels?: number[] };

export type QuantizeCommandParameters = {
  /** Float model: `.onnx`, or the JSON form of float-model.ts. */
  floatPath: string;
  /** Calibration inputs: `{ "inputs": number[][], "labels"?: number[] }` or a bare `number[][]`. */
  calibrationPath: string;
  /** Held-out inputs to report accuracy on; the calibration set when absent. */
  evalPath?: string;
  outDir: string;
  /** File stem of the outputs; the float file's name by default. */
  name?: string;
  percentile?: number;
};

export type QuantizeCommandResult = {
  name: string;
  files: { model: string; onnx: string; meta: string };
  layers: (LayerQuantization & { input: number[]; output: number[]; relu: boolean })[];
  warnings: string[];
  evaluatedOn: "eval" | "calibration";
  accuracy: Omit<AccuracyReport, "intPredictions">;
  onnxruntime: { valuesCompared: number; mismatches: number };
  meta: ModelMeta;
};

/** A layer's input and output shapes (`[K]`, `[N]` for dense, `[C, H, W]` otherwise) for the report. */
function layerShapes(layer: FloatLayer): { input: number[]; output: number[]; relu: boolean } {
  if (isDense(layer)) return { input: [layer.K], output: [layer.N], relu: layer.relu };
  const shape = ({ C, H, W }: { C: number; H: number; W: number }) => [C, H, W];
  return {
    input: shape(spatialInputShape(layer)),
    output: shape(spatialOutputShape(layer)),
    relu: "relu" in layer && layer.relu,
  };
}

export async function readDataSet(path: string): Promise<DataSet> {
  const json: unknown = JSON.parse(await readFile(path, "utf8"));
  const set = (Array.isArray(json) ? { inputs: json } : json) as Partial<DataSet>;
  const inputs = set.inputs;
  if (
    !Array.isArray(inputs) ||
    !inputs.every((x) => Array.isArray(x) && x.every((v) => typeof v === "number"))
  ) {
    throw new Error(
      `${path}: expected { "inputs": number[][], "labels"?: number[] } or number[][]`,
    );
  }
  if (
    set.labels !== undefined &&
    (!Array.isArray(set.labels) || set.labels.length !== inputs.length)
  ) {
    throw new Error(`${path}: "labels" must have one entry per input`);
  }
  return set.labels === undefined ? { inputs } : { inputs, labels: set.labels };
}

export async function readFloatModel(path: string): Promise<FloatModel> {
  const bytes = await readFile(path);
  return path.toLowerCase().endsWith(".onnx")
    ? floatModelFromOnnx(new Uint8Array(bytes))
    : floatModelFromJson(JSON.parse(bytes.toString("utf8")));
}

/** Compares every activation onnxruntime computes with the reference executor's. */
export async function checkOnnxAgainstExecutor(
  model: AnyModel,
  onnx: Uint8Array,
  inputs: readonly Int8Array[],
): Promise<{ valuesCompared: number; mismatches: number }> {
  const traces = await runOnnx(onnx, inputs);
  let valuesCompared = 0;
  let mismatches = 0;
  inputs.forEach((x, n) => {
    const expected = execute(model, x);
    // a_0 is the input itself: only the computed activations a_1..a_L count.
    for (let l = 1; l < expected.length; l++) {
      const want = expected[l] as Int8Array;
      const got = traces[n]?.[l];
      want.forEach((v, i) => {
        valuesCompared++;
        if (got?.[i] !== v) mismatches++;
      });
    }
  });
  return { valuesCompared, mismatches };
}

export async function quantizeCommand(
  parameters: QuantizeCommandParameters,
): Promise<QuantizeCommandResult> {
  const float = await readFloatModel(parameters.floatPath);
  const calibration = await readDataSet(parameters.calibrationPath);
  const evaluation =
    parameters.evalPath === undefined ? calibration : await readDataSet(parameters.evalPath);
  const options = parameters.percentile === undefined ? {} : { percentile: parameters.percentile };
  const { model, layers, warnings } = quantizeModel(float, calibration.inputs, options);

  const { intPredictions: _, ...accuracy } = compareModels(
    float,
    model,
    evaluation.inputs,
    evaluation.labels,
  );
  const onnx = exportOnnx(model);
  const onnxruntime = await checkOnnxAgainstExecutor(
    model,
    onnx,
    evaluation.inputs.map((x) => quantizeInput(model, x)),
  );
  if (onnxruntime.mismatches !== 0) {
    throw new Error(
      `onnxruntime disagrees with the reference executor on ${onnxruntime.mismatches} of ${onnxruntime.valuesCompared} values`,
    );
  }

  const name =
    parameters.name ?? basename(parameters.floatPath).replace(/(\.float)?\.(json|onnx)$/i, "");
  const files = {
    model: join(parameters.outDir, `${name}.verity.json`),
    onnx: join(parameters.outDir, `${name}.onnx`),
    meta: join(parameters.outDir, `${name}.meta.json`),
  };
  const meta = modelMeta(model, onnx);
  await mkdir(parameters.outDir, { recursive: true });
  await writeFile(files.model, stringifyModel(model));
  await writeFile(files.onnx, onnx);
  await writeFile(
    files.meta,
    formatJson({ name, ...meta, evaluation: { ...accuracy, onnxruntime } }),
  );
  return {
    name,
    files,
    layers: layers.map((q, i) => ({ ...layerShapes(float.layers[i] as FloatLayer), ...q })),
    warnings,
    evaluatedOn: parameters.evalPath === undefined ? "calibration" : "eval",
    accuracy,
    onnxruntime,
    meta,
  };
}
