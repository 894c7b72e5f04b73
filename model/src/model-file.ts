/**
 * The JSON form of an integer model (`*.verity.json`), written beside the ONNX
 * file and used by the test vectors. Dense models without an input shape keep
 * the v1 form ("verity-int8-dense-v1") byte for byte; any other model is
 * "verity-int8-v2", whose layer objects carry a "kind". Weights travel as one
 * 0x hex string per layer (dense `[N][K]`, conv `[Cout][Cin][kh][kw]`), biases
 * as a number array.
 *
 * `modelFromJson`, `parseModel` and `readModelFile` return dense models (and
 * refuse a spatial one with a message naming the layer); the `Any` variants
 * return a model of any kinds.
 */
import { readFile, writeFile } from "node:fs/promises";
import { bytesToHex, type Hex, hexToBytes } from "viem";
import {
  type AnyLayer,
  type AnyModel,
  type IntegerModel,
  isDenseLayer,
  isDenseModel,
  type Layer,
  MAX_ABS_BIAS,
  ModelValidationError,
  type Shape,
  type SpatialLayer,
  validateModel,
} from "./types.js";

export const MODEL_FORMAT = "verity-int8-dense-v1";
export const MODEL_FORMAT_V2 = "verity-int8-v2";

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

/** A v2 layer object: the in-memory layer with `kind` always present and weights as hex. */
export type AnyLayerJson =
  | ({ kind: "dense" } & LayerJson)
  | (Omit<Extract<SpatialLayer, { kind: "conv2d" }>, "weights" | "bias"> & {
      weights: Hex;
      bias: number[];
    })
  | Extract<SpatialLayer, { kind: "maxpool" | "avgpool" | "add" }>;

export type ModelJsonV2 = {
  format: typeof MODEL_FORMAT_V2;
  inputShape?: Shape;
  inputScale?: number;
  outputScale?: number;
  layers: AnyLayerJson[];
};

export type AnyModelJson = ModelJson | ModelJsonV2;

/** The file format a model is written in: v1 only for dense models without an input shape. */
export function modelFormat(model: AnyModel): typeof MODEL_FORMAT | typeof MODEL_FORMAT_V2 {
  return isDenseModel(model) && model.inputShape === undefined ? MODEL_FORMAT : MODEL_FORMAT_V2;
}

function weightsHex(weights: Int8Array): Hex {
  return bytesToHex(new Uint8Array(weights.buffer, weights.byteOffset, weights.length));
}

function denseJson(layer: Layer): LayerJson {
  return {
    K: layer.K,
    N: layer.N,
    M: layer.M,
    s: layer.s,
    relu: layer.relu,
    weights: weightsHex(layer.weights),
    bias: Array.from(layer.bias),
  };
}

function layerJson(layer: AnyLayer): AnyLayerJson {
  switch (layer.kind) {
    case undefined:
    case "dense":
      return { kind: "dense", ...denseJson(layer) };
    case "conv2d": {
      const { Cin, H, W, Cout, kh, kw, stride, pad, M, s, relu } = layer;
      return {
        kind: "conv2d",
        Cin,
        H,
        W,
        Cout,
        kh,
        kw,
        stride,
        pad,
        M,
        s,
        relu,
        weights: weightsHex(layer.weights),
        bias: Array.from(layer.bias),
      };
    }
    case "maxpool":
    case "avgpool": {
      const { kind, C, H, W, kh, kw, stride } = layer;
      return { kind, C, H, W, kh, kw, stride };
    }
    default: {
      const { C, H, W, skip, Ma, Mb, s, relu } = layer;
      return { kind: "add", C, H, W, skip, Ma, Mb, s, relu };
    }
  }
}

export function modelToJson(model: AnyModel): AnyModelJson {
  validateModel(model);
  const scales: { inputScale?: number; outputScale?: number } = {};
  if (model.inputScale !== undefined) scales.inputScale = model.inputScale;
  if (model.outputScale !== undefined) scales.outputScale = model.outputScale;
  if (modelFormat(model) === MODEL_FORMAT) {
    return { format: MODEL_FORMAT, ...scales, layers: (model.layers as Layer[]).map(denseJson) };
  }
  const json: ModelJsonV2 = { format: MODEL_FORMAT_V2, layers: [] };
  if (model.inputShape !== undefined) json.inputShape = [...model.inputShape];
  // Key order is the file's order: format, inputShape, scales, layers.
  return { ...json, ...scales, layers: model.layers.map(layerJson) };
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

function parseDense(path: string, value: Record<string, unknown>): Layer {
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

/** Copies the named fields (validateModel checks their values), so unknown keys never reach a layer. */
function pick<T>(value: Record<string, unknown>, keys: readonly string[]): T {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as T;
}

function parseAnyLayer(path: string, value: unknown): AnyLayer {
  if (!isRecord(value)) throw new ModelValidationError(path, "a layer must be an object");
  switch (value.kind) {
    case "dense":
      return parseDense(path, value);
    case "conv2d":
      return {
        ...pick<SpatialLayer>(value, [
          "kind",
          "Cin",
          "H",
          "W",
          "Cout",
          "kh",
          "kw",
          "stride",
          "pad",
          "M",
          "s",
          "relu",
        ]),
        weights: parseWeights(`${path}.weights`, value.weights),
        bias: parseBias(`${path}.bias`, value.bias),
      } as SpatialLayer;
    case "maxpool":
    case "avgpool":
      return pick<SpatialLayer>(value, ["kind", "C", "H", "W", "kh", "kw", "stride"]);
    case "add":
      return pick<SpatialLayer>(value, ["kind", "C", "H", "W", "skip", "Ma", "Mb", "s", "relu"]);
    default:
      throw new ModelValidationError(
        `${path}.kind`,
        `expected one of "dense", "conv2d", "maxpool", "avgpool", "add", got ${JSON.stringify(value.kind)}`,
      );
  }
}

function parseInputShape(value: unknown): Shape {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new ModelValidationError("inputShape", "inputShape must be an array [C, H, W]");
  }
  return [value[0], value[1], value[2]] as Shape;
}

/**
 * Parses and validates the JSON form of any model (v1 or v2); throws
 * ModelValidationError naming the bad field. Dense layers come back without `kind`.
 */
export function anyModelFromJson(json: unknown): AnyModel {
  if (!isRecord(json)) throw new ModelValidationError("$", "a model must be a JSON object");
  if (json.format !== MODEL_FORMAT && json.format !== MODEL_FORMAT_V2) {
    throw new ModelValidationError(
      "format",
      `expected "${MODEL_FORMAT}" or "${MODEL_FORMAT_V2}", got ${JSON.stringify(json.format)}`,
    );
  }
  if (!Array.isArray(json.layers))
    throw new ModelValidationError("layers", "layers must be an array");
  const v1 = json.format === MODEL_FORMAT;
  const model: AnyModel = {
    layers: json.layers.map((layer, i) => {
      const path = `layers[${i}]`;
      if (!v1) return parseAnyLayer(path, layer);
      if (!isRecord(layer)) throw new ModelValidationError(path, "a layer must be an object");
      if (layer.kind !== undefined) {
        throw new ModelValidationError(
          `${path}.kind`,
          `a "${MODEL_FORMAT}" file has dense layers only, without "kind"; layer kinds need "${MODEL_FORMAT_V2}"`,
        );
      }
      return parseDense(path, layer);
    }),
  };
  if (json.inputShape !== undefined) {
    if (v1) {
      throw new ModelValidationError(
        "inputShape",
        `a "${MODEL_FORMAT}" file has no inputShape; use "${MODEL_FORMAT_V2}"`,
      );
    }
    model.inputShape = parseInputShape(json.inputShape);
  }
  if (json.inputScale !== undefined) model.inputScale = json.inputScale as number;
  if (json.outputScale !== undefined) model.outputScale = json.outputScale as number;
  validateModel(model);
  return model;
}

/** Like anyModelFromJson, but only for dense models: a spatial layer is refused by name. */
export function modelFromJson(json: unknown): IntegerModel {
  const model = anyModelFromJson(json);
  const spatial = model.layers.findIndex((layer) => !isDenseLayer(layer));
  if (spatial >= 0) {
    throw new ModelValidationError(
      `layers[${spatial}].kind`,
      `this reader takes dense models only, got a ${(model.layers[spatial] as SpatialLayer).kind} layer (read the file with anyModelFromJson)`,
    );
  }
  return model as IntegerModel;
}

const fields = (layer: Record<string, unknown>, keys: readonly string[]): string =>
  keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(layer[k])}`).join(", ");

function stringifyLayer(layer: AnyLayerJson, v1: boolean): string {
  const record = layer as unknown as Record<string, unknown>;
  const head = v1 ? [] : ["kind"];
  switch (layer.kind) {
    case "dense":
      return (
        `    {\n      ${fields(record, [...head, "K", "N", "M", "s", "relu"])},\n` +
        `      "weights": "${layer.weights}",\n      "bias": [${layer.bias.join(", ")}]\n    }`
      );
    case "conv2d":
      return (
        `    {\n      ${fields(record, ["kind", "Cin", "H", "W", "Cout", "kh", "kw", "stride", "pad"])},\n` +
        `      ${fields(record, ["M", "s", "relu"])},\n` +
        `      "weights": "${layer.weights}",\n      "bias": [${layer.bias.join(", ")}]\n    }`
      );
    case "maxpool":
    case "avgpool":
      return `    { ${fields(record, ["kind", "C", "H", "W", "kh", "kw", "stride"])} }`;
    default:
      return `    {\n      ${fields(record, ["kind", "C", "H", "W", "skip"])},\n      ${fields(record, ["Ma", "Mb", "s", "relu"])}\n    }`;
  }
}

/** Pretty JSON with one line per group of scalar fields and each bias list on one line. */
export function stringifyModel(model: AnyModel): string {
  const json = modelToJson(model);
  const head = [`  "format": ${JSON.stringify(json.format)}`];
  if (json.format === MODEL_FORMAT_V2 && json.inputShape !== undefined)
    head.push(`  "inputShape": [${json.inputShape.join(", ")}]`);
  if (json.inputScale !== undefined)
    head.push(`  "inputScale": ${JSON.stringify(json.inputScale)}`);
  if (json.outputScale !== undefined)
    head.push(`  "outputScale": ${JSON.stringify(json.outputScale)}`);
  const v1 = json.format === MODEL_FORMAT;
  const layers = json.layers.map((layer) =>
    stringifyLayer(v1 ? { kind: "dense", ...(layer as LayerJson) } : (layer as AnyLayerJson), v1),
  );
  return `{\n${head.join(",\n")},\n  "layers": [\n${layers.join(",\n")}\n  ]\n}\n`;
}

export function parseModel(text: string): IntegerModel {
  return modelFromJson(JSON.parse(text));
}

export function parseAnyModel(text: string): AnyModel {
  return anyModelFromJson(JSON.parse(text));
}

export async function readModelFile(path: string): Promise<IntegerModel> {
  return parseModel(await readFile(path, "utf8"));
}

export async function readAnyModelFile(path: string): Promise<AnyModel> {
  return parseAnyModel(await readFile(path, "utf8"));
}

export async function writeModelFile(path: string, model: AnyModel): Promise<void> {
  await writeFile(path, stringifyModel(model));
}
