/**
 * The CNN trainer's layers (model/scripts/lib/cnn-layers.ts): forward passes
 * equal the float model's (what gets quantized), and backward passes equal
 * numerical gradients, so the shipped sample's training computes what it claims.
 */
import { describe, expect, it } from "vitest";
import { Cnn } from "../scripts/lib/cnn.js";
import { Conv2d, Dense, MaxPool, type TrainLayer } from "../scripts/lib/cnn-layers.js";
import { floatForward } from "./float-model.js";
import { createRng } from "./random.js";

/** Loss `sum(y * r)` for a fixed random r: its gradient with respect to y is r. */
function check(layer: TrainLayer, x: Float32Array, seed: number) {
  const rng = createRng(seed);
  const r = Float32Array.from({ length: layer.outSize }, () => rng.normal());
  const loss = (input: Float32Array) =>
    layer.forward(input).reduce((sum, v, i) => sum + v * (r[i] as number), 0);
  for (const g of layer.grads) g.fill(0);
  const dx = layer.backward(x, layer.forward(x), r, true) as Float32Array;
  const eps = 1e-2;
  const numeric = (values: Float32Array, i: number, input: Float32Array) => {
    const keep = values[i] as number;
    values[i] = keep + eps;
    const up = loss(input);
    values[i] = keep - eps;
    const down = loss(input);
    values[i] = keep;
    return (up - down) / (2 * eps);
  };
  for (let i = 0; i < x.length; i++) {
    expect(dx[i]).toBeCloseTo(numeric(x, i, x), 2);
  }
  layer.params.forEach((p, k) => {
    for (let i = 0; i < p.length; i++) {
      expect(layer.grads[k]?.[i]).toBeCloseTo(numeric(p, i, x), 2);
    }
  });
}

describe("CNN trainer layers", () => {
  const rng = createRng(81);
  const image = (length: number) => Float32Array.from({ length }, () => rng.normal());

  it("conv2d backward matches numerical gradients (padding, stride 2, ReLU)", () => {
    const conv = new Conv2d(
      { input: { C: 2, H: 6, W: 5 }, Cout: 3, kernel: 3, pad: 1, stride: 2, relu: true },
      rng,
    );
    conv.bias.set([0.3, -0.2, 0.1]);
    expect(conv.output).toEqual({ C: 3, H: 3, W: 3 });
    check(conv, image(60), 82);
  });

  it("maxpool and dense backward match numerical gradients", () => {
    check(new MaxPool({ input: { C: 2, H: 4, W: 6 }, kernel: 2, stride: 2 }), image(48), 83);
    check(new Dense(12, 5, true, rng), image(12), 84);
  });

  it("computes what its float model computes", () => {
    const cnn = new Cnn(
      { C: 1, H: 8, W: 8 },
      [
        { kind: "conv2d", Cout: 3, kernel: 3, pad: 1, relu: true },
        { kind: "maxpool", kernel: 2, stride: 2 },
        { kind: "dense", N: 4, relu: false },
      ],
      rng,
    );
    const float = cnn.toFloatModel();
    for (let n = 0; n < 5; n++) {
      const x = image(64);
      const trainer = cnn.forward(x);
      const model = floatForward(float, x);
      expect(model).toHaveLength(trainer.length);
      model.forEach((a, l) => {
        a.forEach((v, i) => {
          expect(v).toBeCloseTo(trainer[l]?.[i] as number, 4);
        });
      });
    }
  });
});
