/**
 * Float models as ONNX files (as exported by PyTorch, Keras/tf2onnx or
 * skl2onnx), read into the quantizer's FloatModel and written back out.
 *
 * Read: a sequence of layers, each reading the activation the previous one
 * wrote: `Conv`, `MaxPool`, `AveragePool`, residual `Add` (the previous
 * activation plus an earlier one), `Gemm`, or `MatMul` + bias `Add`; `Relu`
 * fuses into the layer right before it (not a pool). `Flatten`, `Reshape` to
 * `[batch, n]` and `Identity` pass through: a dense layer reads a spatial
 * activation's values in NCHW order, as the integer format does. Weights come
 * from float32/float64 initializers or `Constant`s. Any other operator, or an
 * attribute the integer family cannot express (groups, dilations, uneven
 * padding or strides, ceil_mode), is refused with the node's name.
 */
import {
  type FloatDenseLayer,
  type FloatLayer,
  type FloatModel,
  FloatModelError,
  floatOutputSize,
  isDense,
  validateFloatModel,
} from "./float-model.js";
import { type Shape3, spatialOutputShape } from "./float-spatial.js";
import {
  type Attribute,
  AttributeType,
  DataType,
  decodeModel,
  encodeModel,
  type Node,
  type Tensor,
} from "./onnx-proto.js";

export const SUPPORTED_FLOAT_OPERATORS = [
  "Conv",
  "MaxPool",
  "AveragePool",
  "Add",
  "Relu",
  "Gemm",
  "MatMul",
  "Flatten",
  "Reshape",
  "Identity",
  "Constant",
] as const;

type Matrix = { dims: number[]; data: Float64Array };

function littleEndian(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function tensorValues(tensor: Tensor): Matrix {
  const dims = tensor.dims ?? [];
  const count = dims.reduce((a, b) => a * b, 1);
  if (tensor.dataLocation === 1)
    throw new FloatModelError(`tensor ${tensor.name}: external data is not supported`);
  const raw =
    tensor.rawData !== undefined && tensor.rawData.length > 0 ? tensor.rawData : undefined;
  let data: Float64Array;
  if (tensor.dataType === DataType.FLOAT) {
    const view = raw && littleEndian(raw);
    data = view
      ? Float64Array.from({ length: view.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true))
      : Float64Array.from(tensor.floatData ?? []);
  } else if (tensor.dataType === DataType.DOUBLE) {
    const view = raw && littleEndian(raw);
    data = view
      ? Float64Array.from({ length: view.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true))
      : Float64Array.from(tensor.doubleData ?? []);
  } else if (tensor.dataType === DataType.INT64) {
    // Shapes (Reshape's second input) come as int64.
    const view = raw && littleEndian(raw);
    data = view
      ? Float64Array.from({ length: view.byteLength / 8 }, (_, i) =>
          Number(view.getBigInt64(i * 8, true)),
        )
      : Float64Array.from(tensor.int64Data ?? []);
  } else {
    throw new FloatModelError(
      `tensor ${tensor.name}: data type ${tensor.dataType} is not float32/float64 (or an int64 shape)`,
    );
  }
  if (data.length !== count) {
    throw new FloatModelError(
      `tensor ${tensor.name}: ${data.length} values for dims [${dims.join(", ")}]`,
    );
  }
  return { dims, data };
}

function attr(node: Node, name: string): Attribute | undefined {
  return node.attribute?.find((a) => a.name === name);
}

function autoPad(node: Node): string {
  const value = attr(node, "auto_pad")?.s;
  return value === undefined ? "NOTSET" : new TextDecoder().decode(value);
}

/** `[K][N]` (or `[N][K]` when `transposed`) to our `[N][K]`, scaled by `alpha`. */
function toRowsByOutput(
  w: Matrix,
  transposed: boolean,
  alpha: number,
  where: string,
): { K: number; N: number; W: Float64Array } {
  if (w.dims.length !== 2)
    throw new FloatModelError(`${where}: weights must be 2-D, got [${w.dims.join(", ")}]`);
  const [a = 0, b = 0] = w.dims;
  const [K, N] = transposed ? [b, a] : [a, b];
  const W = new Float64Array(N * K);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < K; k++) {
      W[j * K + k] = alpha * (w.data[transposed ? j * K + k : k * N + j] as number);
    }
  }
  return { K, N, W };
}

function biasValues(t: Matrix, N: number, scale: number, where: string): Float64Array {
  // A bias may come as [N] or [1, N]; broadcasting anything else is not a per-output bias.
  if (t.data.length !== N)
    throw new FloatModelError(`${where}: bias has ${t.data.length} values, expected ${N}`);
  return t.data.map((v) => v * scale);
}

/** A pair attribute (strides, dilations) whose two values must agree; `fallback` when absent. */
function evenPair(node: Node, name: string, fallback: number, where: string): number {
  const values = attr(node, name)?.ints ?? [fallback, fallback];
  const [a, b] = values;
  if (values.length !== 2 || a !== b) {
    throw new FloatModelError(
      `${where}: ${name} [${values.join(", ")}] is not supported: the integer family has one value for both axes`,
    );
  }
  return a as number;
}

/** One zero padding on all four sides, as `pads` [top, left, bottom, right]. */
function evenPadding(node: Node, where: string): number {
  const mode = autoPad(node);
  if (mode === "VALID") return 0;
  if (mode !== "NOTSET")
    throw new FloatModelError(`${where}: auto_pad ${mode} is not supported; give explicit pads`);
  const pads = attr(node, "pads")?.ints ?? [0, 0, 0, 0];
  if (pads.length !== 4 || !pads.every((p) => p === pads[0])) {
    throw new FloatModelError(
      `${where}: pads [${pads.join(", ")}] are not supported: the integer family pads all four sides equally`,
    );
  }
  return pads[0] as number;
}

function spatialInputShape(dims: number[] | undefined): Shape3 | undefined {
  if (dims === undefined || dims.length !== 4) return undefined;
  const [, C = 0, H = 0, W = 0] = dims;
  return C > 0 && H > 0 && W > 0 ? { C, H, W } : undefined;
}

/** An activation a_l as the graph names it: which one, its shape, and whether it was flattened. */
type Activation = { index: number; version: number; shape: Shape3; flat: boolean };

export function floatModelFromOnnx(bytes: Uint8Array): FloatModel {
  const graph = decodeModel(bytes).graph;
  if (graph === undefined) throw new FloatModelError("ONNX file has no graph");
  const constants = new Map<string, Matrix>();
  for (const t of graph.initializer ?? []) constants.set(t.name ?? "", tensorValues(t));
  const input = graph.input?.find((v) => !constants.has(v.name));
  if (input === undefined) throw new FloatModelError("ONNX graph has no non-initializer input");
  const inputDims = input.type?.tensorType?.shape?.dim?.map((d) => d.dimValue ?? 0);
  const inputShape = spatialInputShape(inputDims);
  const flatWidth = inputDims?.length === 2 ? (inputDims[1] ?? 0) : 0;

  const layers: FloatLayer[] = [];
  // Bumped when a Relu or bias fuses into a layer: names of the value before it go stale.
  const versions: number[] = [0];
  const tensors = new Map<string, Activation>();
  tensors.set(input.name, {
    index: 0,
    version: 0,
    shape: inputShape ?? { C: flatWidth, H: 1, W: 1 },
    flat: inputShape === undefined,
  });
  // Activations some layer has read (an add's skip): fusing a Relu into their layer would change them.
  const read = new Set<number>();
  // What the newest layer may still absorb: a bias Add (after MatMul) or a Relu.
  let open: "bias" | "relu" | "closed" = "closed";

  const activation = (name: string, where: string): Activation => {
    const found = tensors.get(name);
    if (found === undefined) {
      throw new FloatModelError(
        `${where}: input ${name} is not the graph input or the output of a supported node`,
      );
    }
    if (found.version !== versions[found.index]) {
      throw new FloatModelError(
        `${where}: reads ${name}, the output of layer ${found.index} before the Relu or bias fused into it; only the value after it is an activation of the integer model`,
      );
    }
    return found;
  };
  const latest = (name: string, where: string): Activation => {
    const found = activation(name, where);
    if (found.index !== layers.length) {
      throw new FloatModelError(
        `${where}: reads ${name} (activation ${found.index}), but layers run in sequence: it must read the newest activation (${layers.length}); only a residual Add may read an earlier one`,
      );
    }
    return found;
  };
  const push = (layer: FloatLayer, name: string, shape: Shape3, flat: boolean) => {
    layers.push(layer);
    versions.push(0);
    tensors.set(name, { index: layers.length, version: 0, shape, flat });
  };
  const fuse = (name: string, from: Activation, where: string, what: string) => {
    if (read.has(from.index)) {
      throw new FloatModelError(
        `${where}: ${what} follows layer ${from.index}, whose output is also read by a residual Add before it; the integer model cannot hold both values`,
      );
    }
    const version = (versions[from.index] as number) + 1;
    versions[from.index] = version;
    tensors.set(name, { ...from, version });
  };

  for (const node of graph.node ?? []) {
    const where = `node ${node.name || node.opType} (${node.opType})`;
    const inputs = node.input ?? [];
    const output = node.output?.[0] ?? "";
    if ((node.output ?? []).filter((o) => o !== "").length > 1) {
      throw new FloatModelError(`${where}: only single-output nodes are supported`);
    }
    if (node.domain !== undefined && node.domain !== "" && node.domain !== "ai.onnx") {
      throw new FloatModelError(
        `${where}: operator ${node.domain}.${node.opType} is not supported (supported: ${SUPPORTED_FLOAT_OPERATORS.join(", ")})`,
      );
    }
    const constant = (i: number) => (inputs[i] ? constants.get(inputs[i] as string) : undefined);
    const last = layers[layers.length - 1];
    switch (node.opType) {
      case "Constant": {
        const value = attr(node, "value") as (Attribute & { t?: Tensor }) | undefined;
        if (value?.t === undefined)
          throw new FloatModelError(`${where}: only tensor-valued Constant is supported`);
        constants.set(output, tensorValues(value.t));
        break;
      }
      case "Identity":
        tensors.set(output, activation(inputs[0] ?? "", where));
        break;
      case "Flatten": {
        if ((attr(node, "axis")?.i ?? 1) !== 1)
          throw new FloatModelError(`${where}: only Flatten with axis 1 is supported`);
        tensors.set(output, { ...activation(inputs[0] ?? "", where), flat: true });
        break;
      }
      case "Reshape": {
        const from = activation(inputs[0] ?? "", where);
        const shape = constant(1);
        const size = from.shape.C * from.shape.H * from.shape.W;
        const target = shape === undefined ? [] : Array.from(shape.data);
        const [batch, width] = target;
        if (
          target.length !== 2 ||
          ![1, 0, -1].includes(batch as number) ||
          ![size, -1].includes(width as number)
        ) {
          throw new FloatModelError(
            `${where}: only a Reshape to [batch, ${size}] (a flatten) with a constant shape is supported, got [${target.join(", ")}]`,
          );
        }
        tensors.set(output, { ...from, flat: true });
        break;
      }
      case "Conv": {
        const from = latest(inputs[0] ?? "", where);
        const w = constant(1);
        if (w === undefined || w.dims.length !== 4)
          throw new FloatModelError(`${where}: expected Conv(activation, 4-D weight initializer)`);
        if (from.flat) {
          throw new FloatModelError(
            `${where}: Conv needs a [batch, C, H, W] input; ${inputs[0]} is flat (give the graph input a 4-D shape)`,
          );
        }
        if ((attr(node, "group")?.i ?? 1) !== 1)
          throw new FloatModelError(`${where}: grouped convolution is not supported`);
        if (evenPair(node, "dilations", 1, where) !== 1)
          throw new FloatModelError(`${where}: dilated convolution is not supported`);
        const [Cout = 0, Cin = 0, kh = 0, kw = 0] = w.dims;
        if (Cin !== from.shape.C) {
          throw new FloatModelError(
            `${where}: weights expect ${Cin} input channels, the activation has ${from.shape.C}`,
          );
        }
        const b = constant(2);
        if (inputs[2] && b === undefined)
          throw new FloatModelError(`${where}: bias must be an initializer`);
        const layer: FloatLayer = {
          kind: "conv2d",
          Cin,
          H: from.shape.H,
          W: from.shape.W,
          Cout,
          kh,
          kw,
          stride: evenPair(node, "strides", 1, where),
          pad: evenPadding(node, where),
          weights: w.data,
          bias: b === undefined ? new Float64Array(Cout) : biasValues(b, Cout, 1, where),
          relu: false,
        };
        push(layer, output, spatialOutputShape(layer), false);
        open = "relu";
        break;
      }
      case "MaxPool":
      case "AveragePool": {
        const from = latest(inputs[0] ?? "", where);
        if (from.flat)
          throw new FloatModelError(`${where}: pooling needs a [batch, C, H, W] input`);
        if ((attr(node, "ceil_mode")?.i ?? 0) !== 0)
          throw new FloatModelError(`${where}: ceil_mode 1 is not supported`);
        if (evenPadding(node, where) !== 0)
          throw new FloatModelError(`${where}: padded pooling is not supported`);
        if (evenPair(node, "dilations", 1, where) !== 1)
          throw new FloatModelError(`${where}: dilated pooling is not supported`);
        const [kh = 0, kw = 0] = attr(node, "kernel_shape")?.ints ?? [];
        const layer: FloatLayer = {
          kind: node.opType === "MaxPool" ? "maxpool" : "avgpool",
          ...from.shape,
          kh,
          kw,
          stride: evenPair(node, "strides", 1, where),
        };
        push(layer, output, spatialOutputShape(layer), false);
        open = "closed";
        break;
      }
      case "MatMul": {
        const from = latest(inputs[0] ?? "", where);
        const w = constant(1);
        if (w === undefined)
          throw new FloatModelError(`${where}: expected MatMul(activation, weight initializer)`);
        const { K, N, W } = toRowsByOutput(w, false, 1, where);
        push(
          { K, N, W, b: new Float64Array(N), relu: false },
          output,
          dense(from, K, N, where),
          true,
        );
        open = "bias";
        break;
      }
      case "Gemm": {
        const from = latest(inputs[0] ?? "", where);
        const B = constant(1);
        if (B === undefined) {
          throw new FloatModelError(
            `${where}: expected Gemm(activation, weight initializer, bias)`,
          );
        }
        if ((attr(node, "transA")?.i ?? 0) !== 0)
          throw new FloatModelError(`${where}: transA is not supported`);
        const alpha = attr(node, "alpha")?.f ?? 1;
        const beta = attr(node, "beta")?.f ?? 1;
        const { K, N, W } = toRowsByOutput(B, (attr(node, "transB")?.i ?? 0) !== 0, alpha, where);
        const C = constant(2);
        if (inputs[2] && C === undefined)
          throw new FloatModelError(`${where}: bias must be an initializer`);
        const b = C === undefined ? new Float64Array(N) : biasValues(C, N, beta, where);
        push({ K, N, W, b, relu: false }, output, dense(from, K, N, where), true);
        open = "relu";
        break;
      }
      case "Add": {
        const biasInput = inputs.findIndex((name) => constants.has(name));
        if (biasInput >= 0) {
          const from = latest(inputs[1 - biasInput] ?? "", where);
          if (open !== "bias" || last === undefined || !isDense(last)) {
            throw new FloatModelError(
              `${where}: an Add of a constant is supported only as the bias right after a MatMul`,
            );
          }
          const b = biasValues(constant(biasInput) as Matrix, last.N, 1, where);
          last.b = last.b.map((v, j) => v + (b[j] as number));
          fuse(output, from, where, "the bias Add");
          open = "relu";
          break;
        }
        const [a, b] = inputs.map((name) => activation(name, where));
        if (a === undefined || b === undefined || inputs.length !== 2)
          throw new FloatModelError(`${where}: Add needs two inputs`);
        const [newest, skip] = a.index >= b.index ? [a, b] : [b, a];
        if (newest.index !== layers.length || skip.index === newest.index) {
          throw new FloatModelError(
            `${where}: a residual Add must add the newest activation (${layers.length}) and an earlier one, got activations ${a.index} and ${b.index}`,
          );
        }
        const size = (s: Shape3) => s.C * s.H * s.W;
        if (size(newest.shape) !== size(skip.shape)) {
          throw new FloatModelError(
            `${where}: the two inputs have ${size(newest.shape)} and ${size(skip.shape)} values`,
          );
        }
        read.add(skip.index);
        push(
          { kind: "add", ...newest.shape, skip: skip.index, relu: false },
          output,
          newest.shape,
          newest.flat,
        );
        open = "relu";
        break;
      }
      case "Relu": {
        const from = latest(inputs[0] ?? "", where);
        if (open !== "relu" || last === undefined || !("relu" in last)) {
          throw new FloatModelError(
            `${where}: Relu must follow a Conv, Gemm, MatMul(+Add) or residual Add (a Relu after a pool can move before it)`,
          );
        }
        last.relu = true;
        fuse(output, from, where, "the Relu");
        open = "closed";
        break;
      }
      default:
        throw new FloatModelError(
          `${where}: operator ${node.opType} is not supported (supported: ${SUPPORTED_FLOAT_OPERATORS.join(", ")})`,
        );
    }
  }
  const end = graph.output?.map((v) => tensors.get(v.name));
  const final = end?.[0];
  if (
    end?.length !== 1 ||
    final === undefined ||
    final.index !== layers.length ||
    final.version !== versions[final.index]
  ) {
    throw new FloatModelError(
      `the graph's only output must be the last layer's activation (${layers.length})`,
    );
  }
  const model: FloatModel = { layers };
  if (inputShape !== undefined) model.inputShape = [inputShape.C, inputShape.H, inputShape.W];
  validateFloatModel(model);
  return model;
}

/** A dense layer's output shape, after checking that it reads all of its input. */
function dense(from: Activation, K: number, N: number, where: string): Shape3 {
  const size = from.shape.C * from.shape.H * from.shape.W;
  if (!from.flat && (from.shape.H !== 1 || from.shape.W !== 1)) {
    throw new FloatModelError(`${where}: a dense layer needs a flattened input (add Flatten)`);
  }
  if (size !== K && size !== 0) {
    throw new FloatModelError(`${where}: weights expect ${K} inputs, the activation has ${size}`);
  }
  return { C: N, H: 1, W: 1 };
}

/* Writing: the float model as a plain ONNX graph (float32 weights), e.g. to save a trained CNN. */

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  const rawData = new Uint8Array(values.length * 4);
  const view = littleEndian(rawData);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { name, dims, dataType: DataType.FLOAT, rawData };
}

const ints = (name: string, values: number[]): Attribute => ({
  name,
  type: AttributeType.INTS,
  ints: values,
});

function floatInfo(name: string, dims: number[]) {
  return {
    name,
    type: {
      tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } },
    },
  };
}

/**
 * The ONNX file (opset 21) of a float model: input `input` `[1, C, H, W]`
 * (or `[1, K]` for a dense model), output `output`. Weights are rounded to float32.
 */
export function floatModelToOnnx(model: FloatModel): Uint8Array {
  validateFloatModel(model);
  const nodes: Node[] = [];
  const initializer: Tensor[] = [];
  const first = model.layers[0] as FloatLayer;
  const inputDims = model.inputShape ? [1, ...model.inputShape] : [1, (first as FloatDenseLayer).K];
  // names[l] is the tensor holding a_l.
  const names = ["input"];
  let spatial = model.inputShape !== undefined;
  model.layers.forEach((layer, i) => {
    const l = i + 1;
    let x = names[i] as string;
    const out = l === model.layers.length ? "output" : `act_${l}`;
    const pre = "relu" in layer && layer.relu ? `pre_${l}` : out;
    if (isDense(layer)) {
      if (spatial) {
        nodes.push({ name: `flatten_${l}`, opType: "Flatten", input: [x], output: [`flat_${l}`] });
        x = `flat_${l}`;
      }
      initializer.push(floatTensor(`W_${l}`, [layer.N, layer.K], layer.W));
      initializer.push(floatTensor(`b_${l}`, [layer.N], layer.b));
      nodes.push({
        name: `gemm_${l}`,
        opType: "Gemm",
        input: [x, `W_${l}`, `b_${l}`],
        output: [pre],
        attribute: [{ name: "transB", type: AttributeType.INT, i: 1 }],
      });
      spatial = false;
    } else if (layer.kind === "conv2d") {
      const { Cout, Cin, kh, kw, stride, pad } = layer;
      initializer.push(floatTensor(`W_${l}`, [Cout, Cin, kh, kw], layer.weights));
      initializer.push(floatTensor(`b_${l}`, [Cout], layer.bias));
      nodes.push({
        name: `conv_${l}`,
        opType: "Conv",
        input: [x, `W_${l}`, `b_${l}`],
        output: [pre],
        attribute: [
          ints("kernel_shape", [kh, kw]),
          ints("strides", [stride, stride]),
          ints("pads", [pad, pad, pad, pad]),
        ],
      });
    } else if (layer.kind === "add") {
      nodes.push({
        name: `add_${l}`,
        opType: "Add",
        input: [x, names[layer.skip] as string],
        output: [pre],
      });
    } else {
      nodes.push({
        name: `${layer.kind}_${l}`,
        opType: layer.kind === "maxpool" ? "MaxPool" : "AveragePool",
        input: [x],
        output: [out],
        attribute: [
          ints("kernel_shape", [layer.kh, layer.kw]),
          ints("strides", [layer.stride, layer.stride]),
        ],
      });
    }
    if (pre !== out) nodes.push({ name: `relu_${l}`, opType: "Relu", input: [pre], output: [out] });
    names.push(out);
  });
  const last = model.layers.at(-1) as FloatLayer;
  const outputDims = isDense(last) ? [1, last.N] : [1, floatOutputSize(last)];
  return encodeModel({
    irVersion: 10,
    opsetImport: [{ domain: "", version: 21 }],
    producerName: "verity-model",
    graph: {
      name: "float",
      node: nodes,
      initializer,
      input: [floatInfo("input", inputDims)],
      // A spatial last layer keeps its 4-D shape; only its size is declared here.
      output: [
        isDense(last)
          ? floatInfo("output", outputDims)
          : { name: "output", type: { tensorType: { elemType: DataType.FLOAT } } },
      ],
    },
  });
}
