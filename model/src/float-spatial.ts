/**
 * The float spatial layers (conv2d, max/average pooling, residual add) that a
 * float CNN is made of before quantization, with their shapes and forward pass
 * in doubles. Field names and layouts are those of the integer v2 layers
 * (docs/model-format.md): activations are C-major `(c*H + y)*W + x`, conv
 * weights `[Cout][Cin][kh][kw]` (ONNX's OIHW), so each float layer becomes one
 * integer layer of the same kind.
 */

export type FloatConvLayer = {
  kind: "conv2d";
  Cin: number;
  H: number;
  W: number;
  Cout: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
  /** `[Cout][Cin][kh][kw]`. */
  weights: Float64Array;
  bias: Float64Array;
  relu: boolean;
};

export type FloatPoolLayer = {
  kind: "maxpool" | "avgpool";
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  stride: number;
};

/** `y = a_{l-1} + a_skip` (then ReLU if `relu`); `skip` counts activations from 0 = the input. */
export type FloatAddLayer = {
  kind: "add";
  C: number;
  H: number;
  W: number;
  skip: number;
  relu: boolean;
};

export type FloatSpatialLayer = FloatConvLayer | FloatPoolLayer | FloatAddLayer;

export type Shape3 = { C: number; H: number; W: number };

/** A type guard (a check of `kind` alone does not narrow a two-kind member out of a union). */
export function isPool<T extends { kind?: string }>(layer: T): layer is Extract<T, FloatPoolLayer> {
  return layer.kind === "maxpool" || layer.kind === "avgpool";
}

export function spatialInputShape(layer: FloatSpatialLayer): Shape3 {
  return layer.kind === "conv2d"
    ? { C: layer.Cin, H: layer.H, W: layer.W }
    : { C: layer.C, H: layer.H, W: layer.W };
}

export function spatialOutputShape(layer: FloatSpatialLayer): Shape3 {
  switch (layer.kind) {
    case "conv2d": {
      const { H, W, kh, kw, stride, pad } = layer;
      return {
        C: layer.Cout,
        H: Math.floor((H + 2 * pad - kh) / stride) + 1,
        W: Math.floor((W + 2 * pad - kw) / stride) + 1,
      };
    }
    case "maxpool":
    case "avgpool": {
      const { C, H, W, kh, kw, stride } = layer;
      return {
        C,
        H: Math.floor((H - kh) / stride) + 1,
        W: Math.floor((W - kw) / stride) + 1,
      };
    }
    case "add":
      return { C: layer.C, H: layer.H, W: layer.W };
  }
}

function conv2d(layer: FloatConvLayer, x: ArrayLike<number>): Float64Array {
  const { Cin, H, W, kh, kw, stride, pad, weights, bias } = layer;
  const out = spatialOutputShape(layer);
  const y = new Float64Array(out.C * out.H * out.W);
  for (let co = 0; co < out.C; co++) {
    for (let oy = 0; oy < out.H; oy++) {
      for (let ox = 0; ox < out.W; ox++) {
        let acc = bias[co] as number;
        for (let ci = 0; ci < Cin; ci++) {
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * stride + ky - pad;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * stride + kx - pad;
              if (ix < 0 || ix >= W) continue;
              acc +=
                (weights[((co * Cin + ci) * kh + ky) * kw + kx] as number) *
                (x[(ci * H + iy) * W + ix] as number);
            }
          }
        }
        y[(co * out.H + oy) * out.W + ox] = layer.relu && acc < 0 ? 0 : acc;
      }
    }
  }
  return y;
}

function pool(layer: FloatPoolLayer, x: ArrayLike<number>): Float64Array {
  const { H, W, kh, kw, stride } = layer;
  const out = spatialOutputShape(layer);
  const y = new Float64Array(out.C * out.H * out.W);
  for (let c = 0; c < out.C; c++) {
    for (let oy = 0; oy < out.H; oy++) {
      for (let ox = 0; ox < out.W; ox++) {
        let max = -Infinity;
        let sum = 0;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const v = x[(c * H + oy * stride + ky) * W + ox * stride + kx] as number;
            max = Math.max(max, v);
            sum += v;
          }
        }
        y[(c * out.H + oy) * out.W + ox] = layer.kind === "maxpool" ? max : sum / (kh * kw);
      }
    }
  }
  return y;
}

/** One spatial layer's output; `activations` are a_0..a_{l-1} (add reads its skip there). */
export function spatialForward(
  layer: FloatSpatialLayer,
  x: ArrayLike<number>,
  activations: readonly ArrayLike<number>[],
): Float64Array {
  if (layer.kind === "conv2d") return conv2d(layer, x);
  if (layer.kind !== "add") return pool(layer, x);
  const skip = activations[layer.skip] as ArrayLike<number>;
  return Float64Array.from(x, (v, i) => {
    const sum = v + (skip[i] as number);
    return layer.relu && sum < 0 ? 0 : sum;
  });
}
