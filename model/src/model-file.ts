/**
 * The JSON form of an integer model (`*.verity.json`, format "verity-int8-dense-v1"),
 * written beside the ONNX file and used by the test vectors. Weights travel as one
 * 0x hex string per layer (N*K bytes, row-major), biases as a number array.
 */
import { readFile, writeFile } from "node:fs/promises";
import { bytesToHex, type Hex, hexToBytes } from "viem";
import {
  type IntegerModel,
  type Layer,
  MAX_ABS_BIAS,
  ModelValidationError,
  validateModel,
} from "./types.js";

export const MODEL_FORMAT = "verity-int8-dense-v1";

export type LayerJson = {
  K: number;
  N: number;
  M: number;
  s: number;
  relu: boolean;
  weights: Hex;
  bias: number[];
};

export type ModelJson = {
  format: typeof MODEL_FORMAT;
  inputScale?: number;
  outputScale?: number;
  layers: LayerJson[];
};

export function modelToJson(model: IntegerModel): ModelJson {
  validateModel(model);
  const json: ModelJson = { format: MODEL_FORMAT, layers: [] };
  if (model.inputScale !== undefined) json.inputScale = model.inputScale;
  if (model.outputScale !== undefined) json.outputScale = model.outputScale;
  json.layers = model.layers.map((layer) => ({
    K: layer.K,
    N: layer.N,
    M: layer.M,
    s: layer.s,
    relu: layer.relu,
    weights: bytesToHex(
      new Uint8Array(layer.weights.buffer, layer.weights.byteOffset, layer.weights.length),
    ),
    bias: Array.from(layer.bias),
  }));
  return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseWeights(path: string, value: unknown): Int8Array {
  if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) {
    throw new ModelValidationError(path, "weights must be a 0x-prefixed hex string of whole bytes");
  }
  const bytes = hexToBytes(value as Hex);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function parseBias(path: string, value: unknown): Int32Array {
  if (!Array.isArray(value))
    throw new ModelValidationError(path, "bias must be an array of integers");
  // Checked before the Int32Array, which would silently wrap an out-of-range value.
  value.forEach((b, j) => {
    if (typeof b !== "number" || !Number.isInteger(b) || Math.abs(b) > MAX_ABS_BIAS) {
      throw new ModelValidationError(
        `${path}[${j}]`,
        `bias must be an integer with |b| <= 2^30, got ${String(b)}`,
      );
    }
  });
  return Int32Array.from(value as number[]);
}

function parseLayer(path: string, value: unknown): Layer {
  if (!isRecord(value)) throw new ModelValidationError(path, "a layer must be an object");
  return {
    K: value.K as number,
    N: value.N as number,
    M: value.M as number,
    s: value.s as number,
    relu: value.relu as boolean,
    weights: parseWeights(`${path}.weights`, value.weights),
    bias: parseBias(`${path}.bias`, value.bias),
  };
}

/** Parses and validates the JSON form; throws ModelValidationError naming the bad field. */
export function modelFromJson(json: unknown): IntegerModel {
  if (!isRecord(json)) throw new ModelValidationError("$", "a model must be a JSON object");
  if (json.format !== MODEL_FORMAT) {
    throw new ModelValidationError(
      "format",
      `expected "${MODEL_FORMAT}", got ${JSON.stringify(json.format)}`,
    );
  }
  if (!Array.isArray(json.layers))
    throw new ModelValidationError("layers", "layers must be an array");
  const model: IntegerModel = {
    layers: json.layers.map((layer, i) => parseLayer(`layers[${i}]`, layer)),
  };
  if (json.inputScale !== undefined) model.inputScale = json.inputScale as number;
  if (json.outputScale !== undefined) model.outputScale = json.outputScale as number;
  validateModel(model);
  return model;
}

/** Pretty JSON with one line per scalar field and each bias list on one line. */
export function stringifyModel(model: IntegerModel): string {
  const json = modelToJson(model);
  const head = [`  "format": ${JSON.stringify(json.format)}`];
  if (json.inputScale !== undefined)
    head.push(`  "inputScale": ${JSON.stringify(json.inputScale)}`);
  if (json.outputScale !== undefined)
    head.push(`  "outputScale": ${JSON.stringify(json.outputScale)}`);
  const layers = json.layers.map(
    (layer) =>
      `    {\n      "K": ${layer.K}, "N": ${layer.N}, "M": ${layer.M}, "s": ${layer.s}, "relu": ${layer.relu},\n` +
      `      "weights": "${layer.weights}",\n      "bias": [${layer.bias.join(", ")}]\n    }`,
  );
  return `{\n${head.join(",\n")},\n  "layers": [\n${layers.join(",\n")}\n  ]\n}\n`;
}

export function parseModel(text: string): IntegerModel {
  return modelFromJson(JSON.parse(text));
}

export async function readModelFile(path: string): Promise<IntegerModel> {
  return parseModel(await readFile(path, "utf8"));
}

export async function writeModelFile(path: string, model: IntegerModel): Promise<void> {
  await writeFile(path, stringifyModel(model));
}
