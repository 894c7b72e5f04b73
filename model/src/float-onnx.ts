/**
 * Reads a float MLP from an ONNX file (as exported by PyTorch, Keras/tf2onnx or
 * skl2onnx): a chain of `Gemm`, or `MatMul` + `Add`, each optionally followed by
 * `Relu`, with float32/float64 initializers (raw_data or float_data/double_data).
 * `Flatten` and `Identity` pass through (feed inputs already flattened, row-major).
 * Anything else is refused by name rather than approximated.
 */
import {
  type FloatLayer,
  type FloatModel,
  FloatModelError,
  validateFloatModel,
} from "./float-model.js";
import { type Attribute, DataType, decodeModel, type Node, type Tensor } from "./onnx-proto.js";

const SUPPORTED = "Gemm, MatMul, Add, Relu, Flatten, Identity, Constant";

type Matrix = { dims: number[]; data: Float64Array };

function tensorValues(tensor: Tensor): Matrix {
  const dims = tensor.dims ?? [];
  const count = dims.reduce((a, b) => a * b, 1);
  if (tensor.dataLocation === 1)
    throw new FloatModelError(`tensor ${tensor.name}: external data is not supported`);
  let data: Float64Array;
  if (tensor.dataType === DataType.FLOAT) {
    if (tensor.rawData !== undefined && tensor.rawData.length > 0) {
      const view = new DataView(
        tensor.rawData.buffer,
        tensor.rawData.byteOffset,
        tensor.rawData.byteLength,
      );
      data = Float64Array.from({ length: tensor.rawData.byteLength / 4 }, (_, i) =>
        view.getFloat32(i * 4, true),
      );
    } else {
      data = Float64Array.from(tensor.floatData ?? []);
    }
  } else if (tensor.dataType === DataType.DOUBLE) {
    if (tensor.rawData !== undefined && tensor.rawData.length > 0) {
      const view = new DataView(
        tensor.rawData.buffer,
        tensor.rawData.byteOffset,
        tensor.rawData.byteLength,
      );
      data = Float64Array.from({ length: tensor.rawData.byteLength / 8 }, (_, i) =>
        view.getFloat64(i * 8, true),
      );
    } else {
      data = Float64Array.from(tensor.doubleData ?? []);
    }
  } else {
    throw new FloatModelError(
      `tensor ${tensor.name}: data type ${tensor.dataType} is not float32/float64`,
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
  // A bias may come as [N] or [1, N]; broadcasting anything else is not a per-neuron bias.
  if (t.data.length !== N)
    throw new FloatModelError(`${where}: bias has ${t.data.length} values, expected ${N}`);
  return t.data.map((v) => v * scale);
}

export function floatModelFromOnnx(bytes: Uint8Array): FloatModel {
  const graph = decodeModel(bytes).graph;
  if (graph === undefined) throw new FloatModelError("ONNX file has no graph");
  const constants = new Map<string, Matrix>();
  for (const t of graph.initializer ?? []) constants.set(t.name ?? "", tensorValues(t));
  const input = graph.input?.find((v) => !constants.has(v.name));
  if (input === undefined) throw new FloatModelError("ONNX graph has no non-initializer input");

  const layers: FloatLayer[] = [];
  let current = input.name;
  // Whether the last layer may still take an Add (bias) or a Relu.
  let open: "bias" | "relu" | "closed" = "closed";

  for (const node of graph.node ?? []) {
    const where = `node ${node.name || node.opType}`;
    const inputs = node.input ?? [];
    const output = node.output?.[0] ?? "";
    if (node.opType === "Constant") {
      const value = node.attribute?.find((a) => a.name === "value") as
        | (Attribute & { t?: Tensor })
        | undefined;
      if (value?.t === undefined)
        throw new FloatModelError(`${where}: only tensor-valued Constant is supported`);
      constants.set(output, tensorValues(value.t));
      continue;
    }
    if (!inputs.includes(current)) {
      throw new FloatModelError(
        `${where}: the graph must be a single chain; it does not consume ${current}`,
      );
    }
    const other = inputs.find((name) => name !== current && name !== "");
    const constant = other === undefined ? undefined : constants.get(other);
    const last = layers[layers.length - 1];
    switch (node.opType) {
      case "Identity":
      case "Flatten":
        break;
      case "MatMul": {
        if (inputs[0] !== current || constant === undefined) {
          throw new FloatModelError(`${where}: expected MatMul(activation, weight initializer)`);
        }
        const { K, N, W } = toRowsByOutput(constant, false, 1, where);
        layers.push({ K, N, W, b: new Float64Array(N), relu: false });
        open = "bias";
        break;
      }
      case "Gemm": {
        const B = inputs[1] === undefined ? undefined : constants.get(inputs[1]);
        if (inputs[0] !== current || B === undefined) {
          throw new FloatModelError(
            `${where}: expected Gemm(activation, weight initializer, bias)`,
          );
        }
        if ((attr(node, "transA")?.i ?? 0) !== 0)
          throw new FloatModelError(`${where}: transA is not supported`);
        const alpha = attr(node, "alpha")?.f ?? 1;
        const beta = attr(node, "beta")?.f ?? 1;
        const { K, N, W } = toRowsByOutput(B, (attr(node, "transB")?.i ?? 0) !== 0, alpha, where);
        const C = inputs[2] ? constants.get(inputs[2]) : undefined;
        if (inputs[2] && C === undefined)
          throw new FloatModelError(`${where}: bias must be an initializer`);
        const b = C === undefined ? new Float64Array(N) : biasValues(C, N, beta, where);
        layers.push({ K, N, W, b, relu: false });
        open = "relu";
        break;
      }
      case "Add": {
        if (open !== "bias" || last === undefined || constant === undefined) {
          throw new FloatModelError(
            `${where}: Add is supported only as the bias right after a MatMul`,
          );
        }
        const b = biasValues(constant, last.N, 1, where);
        last.b = last.b.map((v, j) => v + (b[j] as number));
        open = "relu";
        break;
      }
      case "Relu":
        if (open === "closed" || last === undefined) {
          throw new FloatModelError(`${where}: Relu must follow a Gemm or MatMul(+Add)`);
        }
        last.relu = true;
        open = "closed";
        break;
      default:
        throw new FloatModelError(
          `${where}: operator ${node.opType} is not supported (supported: ${SUPPORTED})`,
        );
    }
    current = output;
  }
  if (!graph.output?.some((v) => v.name === current)) {
    throw new FloatModelError(`the chain ends at ${current}, which is not a graph output`);
  }
  const model = { layers };
  validateFloatModel(model);
  return model;
}
