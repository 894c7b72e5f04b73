/**
 * A small MLP trainer in plain TypeScript (Float32Array, Adam, softmax
 * cross-entropy), enough to produce a real model for the integer toolchain
 * without a Python stack. Deterministic for a given seed.
 */
import type { FloatDenseModel } from "../../src/float-model.js";
import type { Rng } from "../../src/random.js";
import type { Sample } from "./mnist-data.js";

type DenseParams = { K: number; N: number; W: Float32Array; b: Float32Array; relu: boolean };

export type TrainOptions = {
  epochs: number;
  batchSize: number;
  /** Initial learning rate; it follows a cosine down to 5% of it by the last epoch. */
  learningRate: number;
  /** Shift each training image by up to this many pixels (28x28 inputs only); 0 disables. */
  maxShift: number;
  onEpoch?: (epoch: number, loss: number, trainAccuracy: number) => void;
};

/** Adam over one parameter tensor; `step` applies the (scaled) gradient and clears it. */
export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(
    private readonly params: Float32Array,
    public lr: number,
  ) {
    this.m = new Float32Array(params.length);
    this.v = new Float32Array(params.length);
  }
  step(grad: Float32Array, scale: number): void {
    const b1 = 0.9;
    const b2 = 0.999;
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const { m, v, params } = this;
    for (let i = 0; i < params.length; i++) {
      const g = (grad[i] as number) * scale;
      m[i] = b1 * (m[i] as number) + (1 - b1) * g;
      v[i] = b2 * (v[i] as number) + (1 - b2) * g * g;
      params[i] =
        (params[i] as number) -
        (this.lr * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + 1e-8);
    }
    grad.fill(0);
  }
}

/** A 28x28 image moved by (dx, dy) pixels, zero-filled: the training augmentation. */
export function shifted(x: Float32Array, dx: number, dy: number): Float32Array {
  if (dx === 0 && dy === 0) return x;
  const out = new Float32Array(784);
  for (let r = 0; r < 28; r++) {
    const sr = r - dy;
    if (sr < 0 || sr >= 28) continue;
    for (let c = 0; c < 28; c++) {
      const sc = c - dx;
      if (sc >= 0 && sc < 28) out[r * 28 + c] = x[sr * 28 + sc] as number;
    }
  }
  return out;
}

export class Mlp {
  readonly layers: DenseParams[];

  constructor(widths: readonly number[], rng: Rng) {
    this.layers = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const K = widths[i] as number;
      const N = widths[i + 1] as number;
      // He initialisation: keeps ReLU activations' variance steady through depth.
      const std = Math.sqrt(2 / K);
      const W = Float32Array.from({ length: N * K }, () => rng.normal() * std);
      this.layers.push({ K, N, W, b: new Float32Array(N), relu: i + 2 < widths.length });
    }
  }

  /** Activations a_0..a_L (pre-softmax logits last). */
  forward(x: Float32Array): Float32Array[] {
    const acts = [x];
    let input = x;
    for (const { K, N, W, b, relu } of this.layers) {
      // Inputs are sparse (MNIST pixels are mostly 0, hidden units mostly off): skip zeros.
      const nz: number[] = [];
      for (let k = 0; k < K; k++) if (input[k] !== 0) nz.push(k);
      const y = new Float32Array(N);
      for (let j = 0; j < N; j++) {
        let acc = b[j] as number;
        const row = j * K;
        for (const k of nz) acc += (W[row + k] as number) * (input[k] as number);
        y[j] = relu && acc < 0 ? 0 : acc;
      }
      acts.push(y);
      input = y;
    }
    return acts;
  }

  predict(x: Float32Array): number {
    const out = this.forward(x).at(-1) as Float32Array;
    let best = 0;
    for (let i = 1; i < out.length; i++) if ((out[i] as number) > (out[best] as number)) best = i;
    return best;
  }

  accuracy(samples: readonly Sample[]): number {
    return samples.filter((s) => this.predict(s.x) === s.label).length / samples.length;
  }

  train(samples: readonly Sample[], options: TrainOptions, rng: Rng): void {
    const grads = this.layers.map((l) => ({
      W: new Float32Array(l.W.length),
      b: new Float32Array(l.N),
    }));
    const optimizers = this.layers.flatMap((l) => [
      new Adam(l.W, options.learningRate),
      new Adam(l.b, options.learningRate),
    ]);
    const order = samples.map((_, i) => i);
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      // A decaying rate lets the last epochs settle instead of bouncing around the minimum.
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
          const x = s > 0 ? shifted(sample.x, rng.int(-s, s), rng.int(-s, s)) : sample.x;
          const { loss, predicted } = this.backward(x, sample.label, grads);
          lossSum += loss;
          if (predicted === sample.label) correct++;
        }
        this.layers.forEach((_, i) => {
          const g = grads[i] as { W: Float32Array; b: Float32Array };
          (optimizers[2 * i] as Adam).step(g.W, 1 / batch.length);
          (optimizers[2 * i + 1] as Adam).step(g.b, 1 / batch.length);
        });
      }
      options.onEpoch?.(epoch, lossSum / order.length, correct / order.length);
    }
  }

  /** Adds one sample's gradients of the softmax cross-entropy into `grads`. */
  private backward(x: Float32Array, label: number, grads: { W: Float32Array; b: Float32Array }[]) {
    const acts = this.forward(x);
    const logits = acts.at(-1) as Float32Array;
    const max = Math.max(...logits);
    const exps = logits.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    let delta = exps.map((e) => e / sum);
    const loss = -Math.log(Math.max(delta[label] as number, 1e-12));
    let predicted = 0;
    for (let i = 1; i < logits.length; i++)
      if ((logits[i] as number) > (logits[predicted] as number)) predicted = i;
    delta[label] = (delta[label] as number) - 1;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { K, N, W } = this.layers[l] as DenseParams;
      const input = acts[l] as Float32Array;
      const g = grads[l] as { W: Float32Array; b: Float32Array };
      const nz: number[] = [];
      for (let k = 0; k < K; k++) if (input[k] !== 0) nz.push(k);
      const dx = new Float32Array(K);
      for (let j = 0; j < N; j++) {
        const d = delta[j] as number;
        if (d === 0) continue;
        g.b[j] = (g.b[j] as number) + d;
        const row = j * K;
        for (const k of nz) {
          g.W[row + k] = (g.W[row + k] as number) + d * (input[k] as number);
        }
        if (l > 0)
          for (let k = 0; k < K; k++) dx[k] = (dx[k] as number) + (W[row + k] as number) * d;
      }
      if (l > 0) {
        // Through the previous layer's ReLU: zero where it was off.
        for (let k = 0; k < K; k++) if (input[k] === 0) dx[k] = 0;
        delta = dx;
      }
    }
    return { loss, predicted };
  }

  toFloatModel(): FloatDenseModel {
    return {
      layers: this.layers.map(({ K, N, W, b, relu }) => ({
        K,
        N,
        W: Float64Array.from(W),
        b: Float64Array.from(b),
        relu,
      })),
    };
  }
}
