/**
 * The spec's bounds for the v2 layer kinds (docs/model-format.md, "v2"). Each
 * check names the offending field; the bounds keep every accumulator exact in
 * int64 (and a conv's window sum exact in float32), every activation within
 * MAX_ACTIVATION elements, and every field within its width in the layer leaf.
 */
import { layerOutputShape } from "./shapes.js";
import {
  type AddLayer,
  type Conv2dLayer,
  checkBias,
  checkWeights,
  MAX_ACTIVATION,
  MAX_CHANNELS_OUT,
  MAX_CONV_WINDOW,
  MAX_KERNEL,
  MAX_MULTIPLIER,
  MAX_SHIFT,
  MAX_STRIDE,
  MIN_SHIFT,
  type PoolLayer,
  type SpatialLayer,
} from "./types.js";
import { checkBoolean, checkInt, ModelValidationError } from "./validation-error.js";

/** Largest value of a uint16 leaf field (dimensions, skip). */
const MAX_U16 = 65_535;

function checkShape(path: string, C: unknown, H: unknown, W: unknown, channel: string): void {
  checkInt(`${path}.${channel}`, C, 1, MAX_U16, channel);
  checkInt(`${path}.H`, H, 1, MAX_U16, "H");
  checkInt(`${path}.W`, W, 1, MAX_U16, "W");
  const size = (C as number) * (H as number) * (W as number);
  if (size > MAX_ACTIVATION) {
    throw new ModelValidationError(
      `${path}.${channel}`,
      `the input ${channel}*H*W = ${size} is over the ${MAX_ACTIVATION}-element activation bound`,
    );
  }
}

function checkOutput(path: string, layer: SpatialLayer): void {
  const [C, Ho, Wo] = layerOutputShape(layer);
  if (Ho < 1 || Wo < 1) {
    throw new ModelValidationError(
      `${path}.${Ho < 1 ? "kh" : "kw"}`,
      `the window does not fit the input: output ${Ho}x${Wo}`,
    );
  }
  if (C * Ho * Wo > MAX_ACTIVATION) {
    throw new ModelValidationError(
      path,
      `the output ${C}x${Ho}x${Wo} = ${C * Ho * Wo} elements is over the ${MAX_ACTIVATION}-element activation bound`,
    );
  }
}

function checkWindow(path: string, kh: unknown, kw: unknown, stride: unknown): void {
  checkInt(`${path}.kh`, kh, 1, MAX_KERNEL, "kh");
  checkInt(`${path}.kw`, kw, 1, MAX_KERNEL, "kw");
  checkInt(`${path}.stride`, stride, 1, MAX_STRIDE, "stride");
}

function validateConv2d(layer: Conv2dLayer, path: string): void {
  checkShape(path, layer.Cin, layer.H, layer.W, "Cin");
  checkInt(`${path}.Cout`, layer.Cout, 1, MAX_CHANNELS_OUT, "Cout");
  checkWindow(path, layer.kh, layer.kw, layer.stride);
  checkInt(
    `${path}.pad`,
    layer.pad,
    0,
    Math.min(layer.kh, layer.kw) - 1,
    "pad (below min(kh, kw))",
  );
  const window = layer.Cin * layer.kh * layer.kw;
  if (window > MAX_CONV_WINDOW) {
    throw new ModelValidationError(
      `${path}.Cin`,
      `Cin*kh*kw = ${window} is over ${MAX_CONV_WINDOW} (the bound that keeps window sums exact)`,
    );
  }
  checkOutput(path, layer);
  checkInt(`${path}.M`, layer.M, 1, MAX_MULTIPLIER, "M");
  checkInt(`${path}.s`, layer.s, MIN_SHIFT, MAX_SHIFT, "s");
  checkBoolean(`${path}.relu`, layer.relu, "relu");
  checkWeights(
    `${path}.weights`,
    layer.weights,
    layer.Cout * window,
    `Cout*Cin*kh*kw = ${layer.Cout}*${layer.Cin}*${layer.kh}*${layer.kw}`,
  );
  checkBias(`${path}.bias`, layer.bias, layer.Cout, "Cout");
}

function validatePool(layer: PoolLayer, path: string): void {
  checkShape(path, layer.C, layer.H, layer.W, "C");
  checkWindow(path, layer.kh, layer.kw, layer.stride);
  checkInt(`${path}.kh`, layer.kh, 1, layer.H, "kh (at most H, pools do not pad)");
  checkInt(`${path}.kw`, layer.kw, 1, layer.W, "kw (at most W, pools do not pad)");
  checkOutput(path, layer);
}

function validateAdd(layer: AddLayer, path: string): void {
  checkShape(path, layer.C, layer.H, layer.W, "C");
  // The upper bound (l - 2) depends on the layer's position: validateModel checks it.
  checkInt(`${path}.skip`, layer.skip, 0, MAX_U16, "skip");
  checkInt(`${path}.Ma`, layer.Ma, 1, MAX_MULTIPLIER, "Ma");
  checkInt(`${path}.Mb`, layer.Mb, 1, MAX_MULTIPLIER, "Mb");
  checkInt(`${path}.s`, layer.s, MIN_SHIFT, MAX_SHIFT, "s");
  checkBoolean(`${path}.relu`, layer.relu, "relu");
}

/** Throws a ModelValidationError naming the first field of a v2 layer that breaks the spec. */
export function validateSpatialLayer(layer: SpatialLayer, path: string): void {
  switch (layer.kind) {
    case "conv2d":
      validateConv2d(layer, path);
      return;
    case "maxpool":
    case "avgpool":
      validatePool(layer, path);
      return;
    case "add":
      validateAdd(layer, path);
      return;
    default:
      throw new ModelValidationError(
        `${path}.kind`,
        `unknown layer kind ${JSON.stringify((layer as { kind: unknown }).kind)}; expected dense, conv2d, maxpool, avgpool or add`,
      );
  }
}
