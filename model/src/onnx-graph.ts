/**
 * Building blocks of the exported ONNX graphs: initializers, nodes, and the
 * requantization tail every weighted layer ends with. Only operators that
 * onnxruntime's CPU provider runs exactly are used (see onnx.ts and
 * shared verification facts): in particular no Clip/Min/Max on int64.
 */
import { AttributeType, DataType, type Node, type Tensor, type ValueInfo } from "./onnx-proto.js";

export const BATCH = "batch";

export function int32Tensor(name: string, dims: number[], values: Int32Array): Tensor {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  // raw_data is little-endian whatever the host is.
  values.forEach((v, i) => {
    view.setInt32(i * 4, v, true);
  });
  return { name, dims, dataType: DataType.INT32, rawData: raw };
}

export function int64Tensor(name: string, dims: number[], values: readonly bigint[]): Tensor {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, v, true);
  });
  return { name, dims, dataType: DataType.INT64, rawData: raw };
}

export function int64Scalar(name: string, value: bigint): Tensor {
  return int64Tensor(name, [], [value]);
}

/** float32 tensor of small integers (int8 weights, ones): exact in float32. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { name, dims, dataType: DataType.FLOAT, rawData: raw };
}

export function node(
  opType: string,
  input: string[],
  output: string,
  attribute: Node["attribute"] = [],
): Node {
  return { name: output, opType, input, output: [output], attribute };
}

export function castTo(input: string, output: string, to: number): Node {
  return node("Cast", [input], output, [{ name: "to", type: AttributeType.INT, i: to }]);
}

export function intAttr(name: string, i: number): NonNullable<Node["attribute"]>[number] {
  return { name, type: AttributeType.INT, i };
}

export function intsAttr(name: string, ints: number[]): NonNullable<Node["attribute"]>[number] {
  return { name, type: AttributeType.INTS, ints };
}

/** An int8 graph value `[batch, ...dims]`. */
export function int8Value(name: string, dims: readonly number[]): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.INT8,
        shape: { dim: [{ dimParam: BATCH }, ...dims.map((d) => ({ dimValue: d }))] },
      },
    },
  };
}

/**
 * `floor(v / 2^s)`-style floor division of an int64 value by a positive
 * constant `divisor`: `Mod` with fmod=0 is the floor modulo (in [0, divisor)),
 * so `v - Mod(v, d)` is an exact multiple of d and the truncating Div of an
 * exact multiple is the floor.
 */
export function floorDivNodes(p: string, v: string, divisor: string, output: string): Node[] {
  return [
    node("Mod", [v, divisor], `${p}remainder`),
    node("Sub", [v, `${p}remainder`], `${p}multiple`),
    node("Div", [`${p}multiple`, divisor], output),
  ];
}

/**
 * `clamp(q, -128, 127)` on int64 then Cast to int8, with Greater/Less + Where:
 * onnxruntime 1.30's int64 Clip, Min and Max return wrong results for |v| in
 * [2^31, 2^32] on their vectorized path. Cast to int8 wraps, so it comes last.
 * Needs the graph initializers `int8_min` and `int8_max` (int64 scalars).
 */
export function clampToInt8Nodes(p: string, q: string, output: string): Node[] {
  return [
    node("Greater", [q, "int8_max"], `${p}above`),
    node("Where", [`${p}above`, "int8_max", q], `${p}capped`),
    node("Less", [`${p}capped`, "int8_min"], `${p}below`),
    node("Where", [`${p}below`, "int8_min", `${p}capped`], `${p}clamped`),
    castTo(`${p}clamped`, output, DataType.INT8),
  ];
}

/**
 * `y = clamp8(floor((acc * M + 2^(s-1)) / 2^s))` from the int32 accumulator
 * `${p}acc` (after any ReLU) to the int8 `output`.
 */
export function requantTail(
  p: string,
  M: number,
  s: number,
  output: string,
): { nodes: Node[]; initializers: Tensor[] } {
  return {
    initializers: [
      int64Scalar(`${p}M`, BigInt(M)),
      int64Scalar(`${p}half`, 1n << BigInt(s - 1)),
      int64Scalar(`${p}divisor`, 1n << BigInt(s)),
    ],
    nodes: [
      castTo(`${p}acc`, `${p}acc_i64`, DataType.INT64),
      node("Mul", [`${p}acc_i64`, `${p}M`], `${p}scaled`),
      node("Add", [`${p}scaled`, `${p}half`], `${p}rounded`),
      ...floorDivNodes(p, `${p}rounded`, `${p}divisor`, `${p}floored`),
      ...clampToInt8Nodes(p, `${p}floored`, output),
    ],
  };
}
