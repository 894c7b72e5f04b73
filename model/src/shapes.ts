/**
 * Shape inference of docs/model-format.md: each layer's input and output shape
 * `[C, H, W]` from its own fields. Layers chain by element count only (a dense
 * layer after a conv reads the same bytes with K = C*H*W: flatten is not a
 * layer), so the shapes here never need the neighbouring layers.
 */
import type { AnyLayer, AnyModel, Shape } from "./types.js";

export function shapeSize(shape: Shape): number {
  return shape[0] * shape[1] * shape[2];
}

/** `floor((size + 2*pad - k) / stride) + 1`: output side of a window sliding over `size`. */
export function windowOutputSide(size: number, k: number, stride: number, pad = 0): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}

export function layerInputShape(layer: AnyLayer): Shape {
  switch (layer.kind) {
    case undefined:
    case "dense":
      return [layer.K, 1, 1];
    case "conv2d":
      return [layer.Cin, layer.H, layer.W];
    default:
      return [layer.C, layer.H, layer.W];
  }
}

export function layerInputSize(layer: AnyLayer): number {
  return shapeSize(layerInputShape(layer));
}

export function layerOutputShape(layer: AnyLayer): Shape {
  switch (layer.kind) {
    case undefined:
    case "dense":
      return [layer.N, 1, 1];
    case "conv2d":
      return [
        layer.Cout,
        windowOutputSide(layer.H, layer.kh, layer.stride, layer.pad),
        windowOutputSide(layer.W, layer.kw, layer.stride, layer.pad),
      ];
    case "maxpool":
    case "avgpool":
      return [
        layer.C,
        windowOutputSide(layer.H, layer.kh, layer.stride),
        windowOutputSide(layer.W, layer.kw, layer.stride),
      ];
    default:
      // add: same shape in and out.
      return [layer.C, layer.H, layer.W];
  }
}

export function layerOutputSize(layer: AnyLayer): number {
  return shapeSize(layerOutputShape(layer));
}

/** Shape of `a_0`: the model's `inputShape`, else the first layer's own input shape. */
export function modelInputShape(model: AnyModel): Shape {
  if (model.inputShape !== undefined) return [...model.inputShape];
  const first = model.layers[0];
  if (first === undefined) throw new RangeError("a model needs at least one layer");
  return layerInputShape(first);
}

/** `[shape of a_0, ..., shape of a_L]`. */
export function activationShapes(model: AnyModel): Shape[] {
  return [modelInputShape(model), ...model.layers.map(layerOutputShape)];
}
