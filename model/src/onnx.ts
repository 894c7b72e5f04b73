/**
 * Export of an IntegerModel to the ONNX file of docs/model-format.md ("Model
 * file"), and the way back. Only operators that onnxruntime's CPU provider runs
 * exactly are used (shared/VERIFICATION-FACTS.md):
 *
 *   Cast(int8->int32) -> MatMul(int32, W^T int32) -> Add(bias int32) -> [Relu(int32)]
 *   -> Cast(int64) -> Mul(M) -> Add(2^(s-1)) -> floor-divide by 2^s -> clamp to [-128, 127] -> Cast(int8)
 *
 * The floor division: `Mod` with fmod=0 is the floor modulo (its result takes the
 * divisor's sign, so it lies in [0, 2^s)), which makes `v - Mod(v, 2^s)` an exact
 * multiple of 2^s; the truncating `Div` of an exact multiple is the floor. Both
 * steps stay inside int64: |v| < 2^62 + 2^61 and 0 <= Mod < 2^62.
 *
 * The clamp uses Greater/Less + Where rather than Clip: onnxruntime-node 1.30's
 * int64 Clip (and Min, Max) gave wrong results on about 1% of random values, all
 * with |v| in [2^31, 2^32], once arrays were long enough for the vectorized path
 * (a single element was right). Greater, Less and Where were exact on the same data.
 *
 * The export is deterministic (same model, same bytes), so the artifact hash that
 * the model registry stores can be recomputed from the JSON form by anyone.
 */
import type { Hex } from "viem";
import { weightCommitment } from "./commitments.js";
import { castTo, int8Value, int32Tensor, int64Scalar, node, requantTail } from "./onnx-graph.js";
import {
  DataType,
  decodeModel,
  encodeModel,
  type Graph,
  type Node,
  type Tensor,
  type ValueInfo,
} from "./onnx-proto.js";
import { type ConvForm, spatialGraph } from "./onnx-spatial.js";
import {
  type AnyModel,
  type IntegerModel,
  isDenseModel,
  type Layer,
  validateModel,
} from "./types.js";

export const ONNX_OPSET = 21;
export const ONNX_IR_VERSION = 10;
export const PRODUCER_NAME = "verity-sdk";
export const PRODUCER_VERSION = "verity-int8-dense-v1";
export const PRODUCER_VERSION_V2 = "verity-int8-v2";
export const INPUT_NAME = "input";
export const OUTPUT_NAME = "output";

export type { ConvForm } from "./onnx-spatial.js";
export type ExportOnnxOptions = {
  /** How conv2d layers are computed (both exact); default DEFAULT_CONV_FORM. */
  convForm?: ConvForm;
};
/** The faster exact form at the sample CNN's shapes (scripts/bench-onnx-conv.ts). */
export const DEFAULT_CONV_FORM: ConvForm = "float";

/** Graph output carrying `a_l`: `act_l` for hidden layers, `output` for the last. */
export function activationOutputName(l: number, layerCount: number): string {
  return l === layerCount ? OUTPUT_NAME : `act_${l}`;
}

/** W is `[N][K]` row-major; MatMul wants `x[1,K] @ W^T[K,N]`. */
function transposedWeights(layer: Layer): Int32Array {
  const { K, N, weights } = layer;
  const out = new Int32Array(K * N);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < K; k++) out[k * N + j] = weights[j * K + k] as number;
  }
  return out;
}

/** Nodes and initializers of layer `l` (1-based), reading `input` and writing `output`. */
function layerGraph(
  layer: Layer,
  l: number,
  input: string,
  output: string,
): { nodes: Node[]; initializers: Tensor[] } {
  const p = `l${l}_`;
  const tail = requantTail(p, layer.M, layer.s, output);
  const initializers = [
    int32Tensor(`${p}weight_t`, [layer.K, layer.N], transposedWeights(layer)),
    int32Tensor(`${p}bias`, [layer.N], layer.bias),
    ...tail.initializers,
  ];
  const acc = layer.relu ? `${p}acc_pre_relu` : `${p}acc`;
  const nodes = [
    castTo(input, `${p}x_i32`, DataType.INT32),
    node("MatMul", [`${p}x_i32`, `${p}weight_t`], `${p}dot`),
    node("Add", [`${p}dot`, `${p}bias`], acc),
    ...(layer.relu ? [node("Relu", [acc], `${p}acc`)] : []),
    ...tail.nodes,
  ];
  return { nodes, initializers };
}

function metadata(
  model: AnyModel,
  format: string,
  commitment: Hex,
): { key: string; value: string }[] {
  const props = [
    { key: "verity.format", value: format },
    { key: "verity.weightCommitment", value: commitment },
  ];
  if (model.inputScale !== undefined)
    props.push({ key: "verity.inputScale", value: String(model.inputScale) });
  if (model.outputScale !== undefined)
    props.push({ key: "verity.outputScale", value: String(model.outputScale) });
  return props;
}

type GraphParts = Required<Pick<Graph, "node" | "initializer" | "input" | "output">> & Graph;

/** v1: dense layers on `input` int8 `[batch, K]`; kept byte for byte as before v2. */
function denseGraph(model: IntegerModel): GraphParts {
  const L = model.layers.length;
  const graph: GraphParts = {
    name: "verity_int8_dense",
    node: [],
    initializer: [int64Scalar("int8_min", -128n), int64Scalar("int8_max", 127n)],
    input: [int8Value(INPUT_NAME, [(model.layers[0] as Layer).K])],
    output: [],
  };
  let x = INPUT_NAME;
  model.layers.forEach((layer, i) => {
    const l = i + 1;
    const y = activationOutputName(l, L);
    const { nodes, initializers } = layerGraph(layer, l, x, y);
    graph.node.push(...nodes);
    graph.initializer.push(...initializers);
    graph.output.push(int8Value(y, [layer.N]));
    x = y;
  });
  return graph;
}

/** v2: any kinds, on `input` int8 `[batch, C, H, W]`; each a_l with its own shape. */
function v2Graph(model: AnyModel, convForm: ConvForm): GraphParts {
  const L = model.layers.length;
  const parts = spatialGraph(model, INPUT_NAME, (l) => activationOutputName(l, L), convForm);
  return {
    name: "verity_int8_v2",
    node: parts.nodes,
    initializer: [
      int64Scalar("int8_min", -128n),
      int64Scalar("int8_max", 127n),
      ...parts.initializers,
    ],
    input: [parts.input],
    output: parts.outputs,
  };
}

/**
 * The ONNX file (opset 21, IR 10) of a valid integer model. Dense models
 * without an input shape keep the v1 graph (input `[batch, K]`) byte for byte;
 * every other model gets the v2 graph (input `[batch, C, H, W]`).
 */
export function exportOnnx(model: AnyModel, options: ExportOnnxOptions = {}): Uint8Array {
  validateModel(model);
  const v1 = isDenseModel(model) && model.inputShape === undefined;
  const graph = v1 ? denseGraph(model) : v2Graph(model, options.convForm ?? DEFAULT_CONV_FORM);
  // ORT lists outputs in graph order; `output` first keeps the usual single-output consumer happy.
  graph.output.unshift(graph.output.pop() as ValueInfo);
  const format = v1 ? PRODUCER_VERSION : PRODUCER_VERSION_V2;
  return encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: PRODUCER_NAME,
    producerVersion: format,
    graph,
    metadataProps: metadata(model, format, weightCommitment(model)),
  });
}

function initializerBytes(graph: Graph, name: string): Uint8Array {
  const tensor = graph.initializer?.find((t) => t.name === name);
  if (tensor?.rawData === undefined)
    throw new Error(`not a Verity integer ONNX file: no initializer ${name}`);
  return tensor.rawData;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function readInt32s(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true));
}

function readInt64(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(0, true);
}

/**
 * Reads back an ONNX file written by exportOnnx. It is accepted only if exporting
 * the recovered model reproduces the file byte for byte: a file that merely
 * carries the right initializers but computes something else is rejected.
 */
export function importOnnx(bytes: Uint8Array): IntegerModel {
  const decoded = decodeModel(bytes);
  const format = decoded.metadataProps?.find((p) => p.key === "verity.format")?.value;
  if (format === PRODUCER_VERSION_V2) {
    throw new Error(
      `importOnnx reads "${PRODUCER_VERSION}" files; a "${PRODUCER_VERSION_V2}" model is read from its .verity.json (anyModelFromJson), whose export must give these bytes`,
    );
  }
  const graph = decoded.graph ?? {};
  const layers: Layer[] = [];
  for (let l = 1; graph.initializer?.some((t) => t.name === `l${l}_weight_t`); l++) {
    const p = `l${l}_`;
    const dims = graph.initializer.find((t) => t.name === `${p}weight_t`)?.dims ?? [];
    const [K = 0, N = 0] = dims;
    const transposed = readInt32s(initializerBytes(graph, `${p}weight_t`));
    const weights = new Int8Array(N * K);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < K; k++) weights[j * K + k] = transposed[k * N + j] as number;
    }
    const divisor = readInt64(initializerBytes(graph, `${p}divisor`));
    layers.push({
      K,
      N,
      weights,
      bias: readInt32s(initializerBytes(graph, `${p}bias`)),
      M: Number(readInt64(initializerBytes(graph, `${p}M`))),
      s: divisor.toString(2).length - 1,
      relu: graph.node?.some((n) => n.name === `${p}acc` && n.opType === "Relu") ?? false,
    });
  }
  const model: IntegerModel = { layers };
  for (const prop of decoded.metadataProps ?? []) {
    if (prop.key === "verity.inputScale") model.inputScale = Number(prop.value);
    if (prop.key === "verity.outputScale") model.outputScale = Number(prop.value);
  }
  if (!sameBytes(exportOnnx(model), bytes)) {
    throw new Error(
      "not a canonical Verity integer ONNX file: re-exporting its parameters gives different bytes",
    );
  }
  return model;
}
