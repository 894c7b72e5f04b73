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
import {
  AttributeType,
  DataType,
  decodeModel,
  encodeModel,
  type Graph,
  type Node,
  type Tensor,
  type ValueInfo,
} from "./onnx-proto.js";
import { type IntegerModel, type Layer, validateModel } from "./types.js";

export const ONNX_OPSET = 21;
export const ONNX_IR_VERSION = 10;
export const PRODUCER_NAME = "verity-sdk";
export const PRODUCER_VERSION = "verity-int8-dense-v1";
export const INPUT_NAME = "input";
export const OUTPUT_NAME = "output";
const BATCH = "batch";

/** Graph output carrying `a_l`: `act_l` for hidden layers, `output` for the last. */
export function activationOutputName(l: number, layerCount: number): string {
  return l === layerCount ? OUTPUT_NAME : `act_${l}`;
}

function int32Tensor(name: string, dims: number[], values: Int32Array): Tensor {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  // raw_data is little-endian whatever the host is.
  values.forEach((v, i) => {
    view.setInt32(i * 4, v, true);
  });
  return { name, dims, dataType: DataType.INT32, rawData: raw };
}

function int64Scalar(name: string, value: bigint): Tensor {
  const raw = new Uint8Array(8);
  new DataView(raw.buffer).setBigInt64(0, value, true);
  return { name, dims: [], dataType: DataType.INT64, rawData: raw };
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

function node(
  opType: string,
  input: string[],
  output: string,
  attribute: Node["attribute"] = [],
): Node {
  return { name: output, opType, input, output: [output], attribute };
}

function castTo(input: string, output: string, to: number): Node {
  return node("Cast", [input], output, [{ name: "to", type: AttributeType.INT, i: to }]);
}

function int8Value(name: string, width: number): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.INT8,
        shape: { dim: [{ dimParam: BATCH }, { dimValue: width }] },
      },
    },
  };
}

/** Nodes and initializers of layer `l` (1-based), reading `input` and writing `output`. */
function layerGraph(
  layer: Layer,
  l: number,
  input: string,
  output: string,
): { nodes: Node[]; initializers: Tensor[] } {
  const p = `l${l}_`;
  const initializers = [
    int32Tensor(`${p}weight_t`, [layer.K, layer.N], transposedWeights(layer)),
    int32Tensor(`${p}bias`, [layer.N], layer.bias),
    int64Scalar(`${p}M`, BigInt(layer.M)),
    int64Scalar(`${p}half`, 1n << BigInt(layer.s - 1)),
    int64Scalar(`${p}divisor`, 1n << BigInt(layer.s)),
  ];
  const acc = layer.relu ? `${p}acc_pre_relu` : `${p}acc`;
  const nodes = [
    castTo(input, `${p}x_i32`, DataType.INT32),
    node("MatMul", [`${p}x_i32`, `${p}weight_t`], `${p}dot`),
    node("Add", [`${p}dot`, `${p}bias`], acc),
    ...(layer.relu ? [node("Relu", [acc], `${p}acc`)] : []),
    castTo(`${p}acc`, `${p}acc_i64`, DataType.INT64),
    node("Mul", [`${p}acc_i64`, `${p}M`], `${p}scaled`),
    node("Add", [`${p}scaled`, `${p}half`], `${p}rounded`),
    node("Mod", [`${p}rounded`, `${p}divisor`], `${p}remainder`),
    node("Sub", [`${p}rounded`, `${p}remainder`], `${p}multiple`),
    node("Div", [`${p}multiple`, `${p}divisor`], `${p}floored`),
    // Clamp with comparisons and Where, not Clip/Min/Max: onnxruntime 1.30's int64 Clip, Min
    // and Max return wrong results for |v| in [2^31, 2^32] on their vectorized path.
    node("Greater", [`${p}floored`, "int8_max"], `${p}above`),
    node("Where", [`${p}above`, "int8_max", `${p}floored`], `${p}capped`),
    node("Less", [`${p}capped`, "int8_min"], `${p}below`),
    node("Where", [`${p}below`, "int8_min", `${p}capped`], `${p}clamped`),
    // Cast to int8 wraps (128 -> -128): it is safe only after the clamp.
    castTo(`${p}clamped`, output, DataType.INT8),
  ];
  return { nodes, initializers };
}

function metadata(model: IntegerModel, commitment: Hex): { key: string; value: string }[] {
  const props = [
    { key: "verity.format", value: "verity-int8-dense-v1" },
    { key: "verity.weightCommitment", value: commitment },
  ];
  if (model.inputScale !== undefined)
    props.push({ key: "verity.inputScale", value: String(model.inputScale) });
  if (model.outputScale !== undefined)
    props.push({ key: "verity.outputScale", value: String(model.outputScale) });
  return props;
}

/** The ONNX file (opset 21, IR 10) of a valid integer model. */
export function exportOnnx(model: IntegerModel): Uint8Array {
  validateModel(model);
  const L = model.layers.length;
  const graph: Required<Pick<Graph, "node" | "initializer" | "input" | "output">> & Graph = {
    name: "verity_int8_dense",
    node: [],
    initializer: [int64Scalar("int8_min", -128n), int64Scalar("int8_max", 127n)],
    input: [int8Value(INPUT_NAME, (model.layers[0] as Layer).K)],
    output: [],
  };
  let x = INPUT_NAME;
  model.layers.forEach((layer, i) => {
    const l = i + 1;
    const y = activationOutputName(l, L);
    const { nodes, initializers } = layerGraph(layer, l, x, y);
    graph.node.push(...nodes);
    graph.initializer.push(...initializers);
    graph.output.push(int8Value(y, layer.N));
    x = y;
  });
  // ORT lists outputs in graph order; `output` first keeps the usual single-output consumer happy.
  graph.output.unshift(graph.output.pop() as ValueInfo);
  return encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    graph,
    metadataProps: metadata(model, weightCommitment(model)),
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
