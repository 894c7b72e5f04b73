/**
 * The ONNX graph of a v2 model (docs/model-format.md, "v2 model file"): every
 * layer kind with operators that onnxruntime's CPU provider runs exactly.
 *
 * - conv2d, "float" form (the default): Cast(int8->float) -> Conv(float, int8
 *   weights as float) -> Cast(int32) -> Add(int32 bias) -> [Relu] -> requant.
 *   Exact by the spec's bound Cin*kh*kw <= 1024: every product and every partial
 *   sum is an integer of magnitude <= 2^24, which float32 holds exactly in any
 *   summation order. "im2col" form: Cast(int32) -> Pad one zero -> Gather of
 *   constant window indices (padding reads the zero) -> MatMul(int32) -> the
 *   same tail. Both are exact; scripts/bench-onnx-conv.ts measures which is faster.
 * - maxpool: MaxPool on int8 (a max is exact in any type).
 * - avgpool: the window sum exactly (float Conv with a ones kernel, group = C;
 *   |sum| <= 225*128), then `floor((2*sum + count) / (2*count))` with the int64
 *   floor division (Mod fmod=0, Sub, Div).
 * - add: Cast(int64), Mul(Ma), Mul(Mb), Add, ReLU as Where(acc < 0, 0, acc)
 *   (int64 Relu has no kernel), Add(2^(s-1)), floor division, clamp via Where.
 * - dense: as v1; a dense layer reading a spatial activation (or a spatial
 *   layer reading a dense one) goes through a Reshape that keeps the batch axis.
 */

import {
  castTo,
  clampToInt8Nodes,
  floatTensor,
  floorDivNodes,
  int8Value,
  int32Tensor,
  int64Scalar,
  int64Tensor,
  intAttr,
  intsAttr,
  node,
  requantTail,
} from "./onnx-graph.js";
import { DataType, type Node, type Tensor, type ValueInfo } from "./onnx-proto.js";
import { layerOutputShape, modelInputShape } from "./shapes.js";
import type { AddLayer, AnyModel, Conv2dLayer, Layer, PoolLayer } from "./types.js";

/** How a conv2d layer is computed in the ONNX file; both are exact (see above). */
export type ConvForm = "float" | "im2col";

type Part = { nodes: Node[]; initializers: Tensor[] };

/** One graph value per activation: its name and its dims after the batch axis. */
type Activation = { name: string; dims: number[] };

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `a` with the given dims: itself, or a Reshape (same bytes, batch axis kept by the 0). */
function view(part: Part, name: string, a: Activation, dims: number[]): string {
  if (sameDims(a.dims, dims)) return a.name;
  part.initializers.push(
    int64Tensor(`${name}_shape`, [dims.length + 1], [0n, ...dims.map(BigInt)]),
  );
  part.nodes.push(node("Reshape", [a.name, `${name}_shape`], name));
  return name;
}

/** W is `[N][K]` row-major; MatMul wants `x[.,K] @ W^T[K,N]`. */
function transposed(weights: Int8Array, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows * cols);
  for (let j = 0; j < rows; j++) {
    for (let k = 0; k < cols; k++) out[k * rows + j] = weights[j * cols + k] as number;
  }
  return out;
}

function denseLayer(part: Part, p: string, layer: Layer, x: Activation, output: string): void {
  const input = view(part, `${p}x_flat`, x, [layer.K]);
  const tail = requantTail(p, layer.M, layer.s, output);
  const acc = layer.relu ? `${p}acc_pre_relu` : `${p}acc`;
  part.initializers.push(
    int32Tensor(`${p}weight_t`, [layer.K, layer.N], transposed(layer.weights, layer.N, layer.K)),
    int32Tensor(`${p}bias`, [layer.N], layer.bias),
    ...tail.initializers,
  );
  part.nodes.push(
    castTo(input, `${p}x_i32`, DataType.INT32),
    node("MatMul", [`${p}x_i32`, `${p}weight_t`], `${p}dot`),
    node("Add", [`${p}dot`, `${p}bias`], acc),
    ...(layer.relu ? [node("Relu", [acc], `${p}acc`)] : []),
    ...tail.nodes,
  );
}

function windowAttributes(kh: number, kw: number, stride: number, pad: number) {
  return [
    intsAttr("kernel_shape", [kh, kw]),
    intsAttr("pads", [pad, pad, pad, pad]),
    intsAttr("strides", [stride, stride]),
  ];
}

/**
 * For each (input position in the window, output pixel): the flat index into
 * the padded input `x ++ [0]`; a padding position reads index Cin*H*W, the zero.
 */
function im2colIndices(layer: Conv2dLayer): Int32Array {
  const { Cin, H, W, kh, kw, stride, pad } = layer;
  const [, Ho, Wo] = layerOutputShape(layer);
  const window = Cin * kh * kw;
  const zero = Cin * H * W;
  const out = new Int32Array(window * Ho * Wo);
  for (let ci = 0; ci < Cin; ci++) {
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const row = ((ci * kh + ky) * kw + kx) * Ho * Wo;
        for (let oy = 0; oy < Ho; oy++) {
          for (let ox = 0; ox < Wo; ox++) {
            const iy = oy * stride + ky - pad;
            const ix = ox * stride + kx - pad;
            const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
            out[row + oy * Wo + ox] = inside ? (ci * H + iy) * W + ix : zero;
          }
        }
      }
    }
  }
  return out;
}

function convLayer(
  part: Part,
  p: string,
  layer: Conv2dLayer,
  x: Activation,
  output: string,
  form: ConvForm,
): void {
  const { Cin, H, W, Cout, kh, kw } = layer;
  const [, Ho, Wo] = layerOutputShape(layer);
  const acc = layer.relu ? `${p}acc_pre_relu` : `${p}acc`;
  const tail = requantTail(p, layer.M, layer.s, form === "float" ? output : `${p}y_flat`);
  if (form === "float") {
    const input = view(part, `${p}x_chw`, x, [Cin, H, W]);
    part.initializers.push(
      floatTensor(`${p}weight_f`, [Cout, Cin, kh, kw], layer.weights),
      int32Tensor(`${p}bias`, [Cout, 1, 1], layer.bias),
      ...tail.initializers,
    );
    part.nodes.push(
      castTo(input, `${p}x_f`, DataType.FLOAT),
      node(
        "Conv",
        [`${p}x_f`, `${p}weight_f`],
        `${p}sum_f`,
        windowAttributes(kh, kw, layer.stride, layer.pad),
      ),
      castTo(`${p}sum_f`, `${p}dot`, DataType.INT32),
    );
  } else {
    const window = Cin * kh * kw;
    const input = view(part, `${p}x_flat`, x, [Cin * H * W]);
    part.initializers.push(
      int64Tensor(`${p}pads`, [4], [0n, 0n, 0n, 1n]),
      int32Tensor(`${p}cols_index`, [window, Ho * Wo], im2colIndices(layer)),
      int32Tensor(`${p}weight`, [Cout, window], Int32Array.from(layer.weights)),
      int32Tensor(`${p}bias`, [Cout, 1], layer.bias),
      int64Tensor(`${p}y_shape`, [4], [0n, BigInt(Cout), BigInt(Ho), BigInt(Wo)]),
      ...tail.initializers,
    );
    part.nodes.push(
      castTo(input, `${p}x_i32`, DataType.INT32),
      node("Pad", [`${p}x_i32`, `${p}pads`], `${p}x_padded`),
      node("Gather", [`${p}x_padded`, `${p}cols_index`], `${p}cols`, [intAttr("axis", 1)]),
      // [Cout, window] @ [batch, window, Ho*Wo] -> [batch, Cout, Ho*Wo]
      node("MatMul", [`${p}weight`, `${p}cols`], `${p}dot`),
    );
  }
  part.nodes.push(
    node("Add", [`${p}dot`, `${p}bias`], acc),
    ...(layer.relu ? [node("Relu", [acc], `${p}acc`)] : []),
    ...tail.nodes,
  );
  if (form === "im2col") part.nodes.push(node("Reshape", [`${p}y_flat`, `${p}y_shape`], output));
}

function poolLayer(part: Part, p: string, layer: PoolLayer, x: Activation, output: string): void {
  const { C, H, W, kh, kw, stride } = layer;
  const input = view(part, `${p}x_chw`, x, [C, H, W]);
  const attributes = windowAttributes(kh, kw, stride, 0);
  if (layer.kind === "maxpool") {
    part.nodes.push(node("MaxPool", [input], output, attributes));
    return;
  }
  const count = kh * kw;
  part.initializers.push(
    floatTensor(`${p}ones`, [C, 1, kh, kw], new Float32Array(C * count).fill(1)),
    int64Scalar(`${p}two`, 2n),
    int64Scalar(`${p}count`, BigInt(count)),
    int64Scalar(`${p}divisor`, BigInt(2 * count)),
  );
  part.nodes.push(
    castTo(input, `${p}x_f`, DataType.FLOAT),
    node("Conv", [`${p}x_f`, `${p}ones`], `${p}sum_f`, [...attributes, intAttr("group", C)]),
    castTo(`${p}sum_f`, `${p}sum`, DataType.INT64),
    node("Mul", [`${p}sum`, `${p}two`], `${p}twice`),
    node("Add", [`${p}twice`, `${p}count`], `${p}rounded`),
    ...floorDivNodes(p, `${p}rounded`, `${p}divisor`, `${p}mean`),
    // The mean of int8 values is an int8: no clamp needed before the wrapping Cast.
    castTo(`${p}mean`, output, DataType.INT8),
  );
}

function addLayer(
  part: Part,
  p: string,
  layer: AddLayer,
  x: Activation,
  skip: Activation,
  output: string,
): void {
  const dims = [layer.C, layer.H, layer.W];
  const a = view(part, `${p}x_chw`, x, dims);
  const b = view(part, `${p}skip_chw`, skip, dims);
  const acc = layer.relu ? `${p}acc_pre_relu` : `${p}acc`;
  part.initializers.push(
    int64Scalar(`${p}Ma`, BigInt(layer.Ma)),
    int64Scalar(`${p}Mb`, BigInt(layer.Mb)),
    int64Scalar(`${p}half`, 1n << BigInt(layer.s - 1)),
    int64Scalar(`${p}divisor`, 1n << BigInt(layer.s)),
    ...(layer.relu ? [int64Scalar(`${p}zero`, 0n)] : []),
  );
  part.nodes.push(
    castTo(a, `${p}a_i64`, DataType.INT64),
    castTo(b, `${p}b_i64`, DataType.INT64),
    node("Mul", [`${p}a_i64`, `${p}Ma`], `${p}a_scaled`),
    node("Mul", [`${p}b_i64`, `${p}Mb`], `${p}b_scaled`),
    node("Add", [`${p}a_scaled`, `${p}b_scaled`], acc),
    // int64 Relu has no kernel in onnxruntime: max(acc, 0) as a Where.
    ...(layer.relu
      ? [
          node("Less", [acc, `${p}zero`], `${p}negative`),
          node("Where", [`${p}negative`, `${p}zero`, acc], `${p}acc`),
        ]
      : []),
    node("Add", [`${p}acc`, `${p}half`], `${p}rounded`),
    ...floorDivNodes(p, `${p}rounded`, `${p}divisor`, `${p}floored`),
    ...clampToInt8Nodes(p, `${p}floored`, output),
  );
}

export type SpatialGraph = Part & { input: ValueInfo; outputs: ValueInfo[] };

/**
 * Nodes, initializers, the input and the per-layer outputs of a valid v2 model;
 * `outputName(l)` names the graph value of `a_l`.
 */
export function spatialGraph(
  model: AnyModel,
  inputName: string,
  outputName: (l: number) => string,
  convForm: ConvForm,
): SpatialGraph {
  const part: Part = { nodes: [], initializers: [] };
  const activations: Activation[] = [{ name: inputName, dims: modelInputShape(model) }];
  const outputs: ValueInfo[] = [];
  model.layers.forEach((layer, i) => {
    const l = i + 1;
    const p = `l${l}_`;
    const x = activations[i] as Activation;
    const y = outputName(l);
    switch (layer.kind) {
      case undefined:
      case "dense":
        denseLayer(part, p, layer, x, y);
        break;
      case "conv2d":
        convLayer(part, p, layer, x, y, convForm);
        break;
      case "maxpool":
      case "avgpool":
        poolLayer(part, p, layer, x, y);
        break;
      default:
        addLayer(part, p, layer, x, activations[layer.skip] as Activation, y);
    }
    const dims =
      layer.kind === undefined || layer.kind === "dense" ? [layer.N] : layerOutputShape(layer);
    activations.push({ name: y, dims });
    outputs.push(int8Value(y, dims));
  });
  return {
    ...part,
    input: int8Value(inputName, (activations[0] as Activation).dims),
    outputs,
  };
}
