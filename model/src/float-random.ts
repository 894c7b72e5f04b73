/**
 * Seeded random float models for the quantizer's and the float ONNX reader's
 * tests: a small CNN that uses every spatial layer kind.
 */
import type { FloatModel } from "./float-model.js";
import type { Rng } from "./random.js";

/** Values exactly representable in float32, so the ONNX file holds the model unchanged. */
const f32 = (rng: Rng, length: number, scale: number) =>
  Float64Array.from(Float32Array.from({ length }, () => rng.normal() * scale));

/** A float CNN using every spatial kind: padded and strided conv, both pools, a residual add, dense. */
export function randomFloatCnn(rng: Rng): FloatModel {
  return {
    inputShape: [2, 9, 9],
    layers: [
      {
        kind: "conv2d",
        Cin: 2,
        H: 9,
        W: 9,
        Cout: 4,
        kh: 3,
        kw: 3,
        stride: 1,
        pad: 1,
        weights: f32(rng, 72, 0.4),
        bias: f32(rng, 4, 0.1),
        relu: true,
      },
      {
        kind: "conv2d",
        Cin: 4,
        H: 9,
        W: 9,
        Cout: 4,
        kh: 3,
        kw: 3,
        stride: 1,
        pad: 1,
        weights: f32(rng, 144, 0.3),
        bias: f32(rng, 4, 0.1),
        relu: false,
      },
      { kind: "add", C: 4, H: 9, W: 9, skip: 1, relu: true },
      { kind: "maxpool", C: 4, H: 9, W: 9, kh: 2, kw: 2, stride: 2 },
      {
        kind: "conv2d",
        Cin: 4,
        H: 4,
        W: 4,
        Cout: 3,
        kh: 2,
        kw: 3,
        stride: 2,
        pad: 1,
        weights: f32(rng, 72, 0.4),
        bias: f32(rng, 3, 0.1),
        relu: true,
      },
      { kind: "avgpool", C: 3, H: 3, W: 2, kh: 2, kw: 2, stride: 1 },
      { K: 6, N: 5, W: f32(rng, 30, 0.5), b: f32(rng, 5, 0.1), relu: false },
    ],
  };
}
