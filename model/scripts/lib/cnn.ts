/**
 * A small CNN trainer in plain TypeScript (Float32Array, Adam, softmax
 * cross-entropy), the convolutional sibling of mlp.ts: a sequential stack of
 * conv (+ReLU), max-pool and dense layers, one integer layer per trainer layer.
 * Deterministic for a given seed.
 */
import type { FloatLayer, FloatModel } from "../../src/float-model.js";
import type { Rng } from "../../src/random.js";
import { type AffineOptions, randomAffine } from "./cnn-augment.js";
import { Conv2d, Dense, MaxPool, type Shape, type TrainLayer } from "./cnn-layers.js";
import { Adam, shifted, type TrainOptions } from "./mlp.js";
import type { Sample } from "./mnist-data.js";

export type CnnLayerSpec =
  | { kind: "conv2d"; Cout: number; kernel: number; pad: number; stride?: number; relu: boolean }
  | { kind: "maxpool"; kernel: number; stride: number }
  | { kind: "dense"; N: number; relu: boolean };

function softmaxCrossEntropy(logits: Float32Array, label: number) {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const exps = Float32Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const delta = exps.map((e) => e / sum);
  const loss = -Math.log(Math.max(delta[label] as number, 1e-12));
  delta[label] = (delta[label] as number) - 1;
  return { loss, delta };
}

export function argmaxOf(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

export type CnnTrainOptions = TrainOptions & {
  /** Random rotation/scale/shift per training image (replaces `maxShift` when given). */
  affine?: AffineOptions;
};

export class Cnn {
  readonly inputShape: Shape;
  readonly layers: TrainLayer[];

  constructor(inputShape: Shape, specs: readonly CnnLayerSpec[], rng: Rng) {
    this.inputShape = inputShape;
    this.layers = [];
    let shape: Shape = inputShape;
    for (const spec of specs) {
      if (spec.kind === "conv2d") {
        const { Cout, kernel, pad, relu } = spec;
        const conv = new Conv2d(
          { input: shape, Cout, kernel, pad, stride: spec.stride ?? 1, relu },
          rng,
        );
        this.layers.push(conv);
        shape = conv.output;
      } else if (spec.kind === "maxpool") {
        const pool = new MaxPool({ input: shape, kernel: spec.kernel, stride: spec.stride });
        this.layers.push(pool);
        shape = pool.output;
      } else {
        // A dense layer reads the C-major bytes of the activation before it: no flatten layer.
        this.layers.push(new Dense(shape.C * shape.H * shape.W, spec.N, spec.relu, rng));
        shape = { C: spec.N, H: 1, W: 1 };
      }
    }
  }

  /** Activations a_0..a_L (pre-softmax logits last). */
  forward(x: Float32Array): Float32Array[] {
    const acts = [x];
    for (const layer of this.layers) acts.push(layer.forward(acts.at(-1) as Float32Array));
    return acts;
  }

  predict(x: Float32Array): number {
    return argmaxOf(this.forward(x).at(-1) as Float32Array);
  }

  accuracy(samples: readonly Sample[]): number {
    return samples.filter((s) => this.predict(s.x) === s.label).length / samples.length;
  }

  train(samples: readonly Sample[], options: CnnTrainOptions, rng: Rng): void {
    const optimizers = this.layers.flatMap((layer) =>
      layer.params.map((p) => new Adam(p, options.learningRate)),
    );
    const grads = this.layers.flatMap((layer) => layer.grads);
    const order = samples.map((_, i) => i);
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      // Cosine decay to 5%, as the MLP: the last epochs settle instead of bouncing around.
      const progress = (epoch - 1) / Math.max(1, options.epochs - 1);
      const lr = options.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
      for (const optimizer of optimizers) optimizer.lr = lr;
      rng.shuffle(order);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < order.length; start += options.batchSize) {
        const batch = order.slice(start, start + options.batchSize);
        for (const index of batch) {
          const sample = samples[index] as Sample;
          const s = options.maxShift;
          const x = options.affine
            ? randomAffine(sample.x, options.affine, rng)
            : s > 0
              ? shifted(sample.x, rng.int(-s, s), rng.int(-s, s))
              : sample.x;
          const { loss, predicted } = this.backward(x, sample.label);
          lossSum += loss;
          if (predicted === sample.label) correct++;
        }
        optimizers.forEach((optimizer, i) => {
          optimizer.step(grads[i] as Float32Array, 1 / batch.length);
        });
      }
      options.onEpoch?.(epoch, lossSum / order.length, correct / order.length);
    }
  }

  /** Adds one sample's gradients of the softmax cross-entropy into the layers' accumulators. */
  private backward(x: Float32Array, label: number): { loss: number; predicted: number } {
    const acts = this.forward(x);
    const logits = acts.at(-1) as Float32Array;
    const { loss, delta } = softmaxCrossEntropy(logits, label);
    let dy: Float32Array | undefined = delta;
    for (let l = this.layers.length - 1; l >= 0 && dy !== undefined; l--) {
      const layer = this.layers[l] as TrainLayer;
      dy = layer.backward(acts[l] as Float32Array, acts[l + 1] as Float32Array, dy, l > 0);
    }
    return { loss, predicted: argmaxOf(logits) };
  }

  /** The trained network as the quantizer's float model: one float layer per trainer layer. */
  toFloatModel(): FloatModel {
    const layers = this.layers.map((layer): FloatLayer => {
      if (layer instanceof Conv2d) {
        const { input, Cout, k, stride, pad, relu } = layer;
        return {
          kind: "conv2d",
          Cin: input.C,
          H: input.H,
          W: input.W,
          Cout,
          kh: k,
          kw: k,
          stride,
          pad,
          weights: Float64Array.from(layer.weights),
          bias: Float64Array.from(layer.bias),
          relu,
        };
      }
      if (layer instanceof MaxPool) {
        const { input, k, stride } = layer;
        return { kind: "maxpool", ...input, kh: k, kw: k, stride };
      }
      if (layer instanceof Dense) {
        const { K, N, relu } = layer;
        return {
          K,
          N,
          W: Float64Array.from(layer.weights),
          b: Float64Array.from(layer.bias),
          relu,
        };
      }
      throw new Error(`no float form for layer ${layer.constructor.name}`);
    });
    const { C, H, W } = this.inputShape;
    return { layers, inputShape: [C, H, W] };
  }
}
