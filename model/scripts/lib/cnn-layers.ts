/**
 * The float layers of the CNN trainer, one sample at a time on Float32Array in
 * the integer format's layout: an activation of shape (C, H, W) is C-major,
 * element (c, y, x) at `(c*H + y)*W + x`, so a dense layer after a spatial one
 * reads the same values in the same order as the integer model's dense layer.
 *
 * Each layer computes `forward(x) -> y` and, given the gradient of the loss
 * with respect to y, adds its parameter gradients into `grads` and returns the
 * gradient with respect to x. ReLU is fused into conv and dense, as it is in
 * the integer layers (which apply it to the accumulator before requantizing).
 */
import type { Rng } from "../../src/random.js";

export type Shape = { C: number; H: number; W: number };

export interface TrainLayer {
  readonly inSize: number;
  readonly outSize: number;
  /** Trainable tensors (weights, bias); empty for pools. */
  readonly params: Float32Array[];
  /** Gradient accumulators, one per entry of `params`. */
  readonly grads: Float32Array[];
  forward(x: Float32Array): Float32Array;
  /** Adds parameter gradients; returns dL/dx, or undefined when `needInputGrad` is false. */
  backward(
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    needInputGrad: boolean,
  ): Float32Array | undefined;
}

/** He initialisation: keeps ReLU activations' variance steady through depth. */
function heNormal(rng: Rng, length: number, fanIn: number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  return Float32Array.from({ length }, () => rng.normal() * std);
}

/** Zeroes dy where the fused ReLU was off (its output is exactly 0 there). */
function maskRelu(y: Float32Array, dy: Float32Array): Float32Array {
  const out = new Float32Array(dy.length);
  for (let i = 0; i < dy.length; i++) if ((y[i] as number) > 0) out[i] = dy[i] as number;
  return out;
}

export type ConvOptions = {
  input: Shape;
  Cout: number;
  kernel: number;
  pad: number;
  stride: number;
  relu: boolean;
};

export class Conv2d implements TrainLayer {
  readonly input: Shape;
  readonly output: Shape;
  readonly Cout: number;
  readonly k: number;
  readonly pad: number;
  readonly stride: number;
  readonly relu: boolean;
  /** `[Cout][Cin][k][k]`, ONNX's OIHW order. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly params: Float32Array[];
  readonly grads: Float32Array[];

  constructor(options: ConvOptions, rng: Rng) {
    const { input, Cout, kernel: k, pad, stride } = options;
    this.input = input;
    this.Cout = Cout;
    this.k = k;
    this.pad = pad;
    this.stride = stride;
    this.relu = options.relu;
    const out = (n: number) => Math.floor((n + 2 * pad - k) / stride) + 1;
    this.output = { C: Cout, H: out(input.H), W: out(input.W) };
    this.weights = heNormal(rng, Cout * input.C * k * k, input.C * k * k);
    this.bias = new Float32Array(Cout);
    this.params = [this.weights, this.bias];
    this.grads = [new Float32Array(this.weights.length), new Float32Array(Cout)];
  }

  get inSize(): number {
    return this.input.C * this.input.H * this.input.W;
  }
  get outSize(): number {
    return this.output.C * this.output.H * this.output.W;
  }

  /** The output columns ox whose input column ox*stride + kx - pad lies inside [0, W). */
  private columns(kx: number): [number, number] {
    const { pad, stride } = this;
    const lo = Math.max(0, Math.ceil((pad - kx) / stride));
    const hi = Math.min(this.output.W, Math.floor((this.input.W - 1 + pad - kx) / stride) + 1);
    return [lo, hi];
  }

  forward(x: Float32Array): Float32Array {
    const { input, output, k, pad, stride, weights } = this;
    const plane = output.H * output.W;
    const y = new Float32Array(output.C * plane);
    for (let co = 0; co < output.C; co++) {
      const base = co * plane;
      y.fill(this.bias[co] as number, base, base + plane);
      for (let ci = 0; ci < input.C; ci++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const w = weights[((co * input.C + ci) * k + ky) * k + kx] as number;
            const [lo, hi] = this.columns(kx);
            for (let oy = 0; oy < output.H; oy++) {
              const iy = oy * stride + ky - pad;
              if (iy < 0 || iy >= input.H) continue;
              const inRow = (ci * input.H + iy) * input.W + kx - pad;
              const outRow = base + oy * output.W;
              for (let ox = lo; ox < hi; ox++) {
                y[outRow + ox] =
                  (y[outRow + ox] as number) + w * (x[inRow + ox * stride] as number);
              }
            }
          }
        }
      }
    }
    if (this.relu) for (let i = 0; i < y.length; i++) if ((y[i] as number) < 0) y[i] = 0;
    return y;
  }

  backward(
    x: Float32Array,
    y: Float32Array,
    dyRaw: Float32Array,
    needInputGrad: boolean,
  ): Float32Array | undefined {
    const { input, output, k, pad, stride, weights } = this;
    const dy = this.relu ? maskRelu(y, dyRaw) : dyRaw;
    const [gw, gb] = this.grads as [Float32Array, Float32Array];
    const dx = needInputGrad ? new Float32Array(x.length) : undefined;
    const plane = output.H * output.W;
    for (let co = 0; co < output.C; co++) {
      const base = co * plane;
      let db = 0;
      for (let i = base; i < base + plane; i++) db += dy[i] as number;
      gb[co] = (gb[co] as number) + db;
      if (db === 0 && !dy.subarray(base, base + plane).some((v) => v !== 0)) continue;
      for (let ci = 0; ci < input.C; ci++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const wi = ((co * input.C + ci) * k + ky) * k + kx;
            const w = weights[wi] as number;
            const [lo, hi] = this.columns(kx);
            let dw = 0;
            for (let oy = 0; oy < output.H; oy++) {
              const iy = oy * stride + ky - pad;
              if (iy < 0 || iy >= input.H) continue;
              const inRow = (ci * input.H + iy) * input.W + kx - pad;
              const outRow = base + oy * output.W;
              for (let ox = lo; ox < hi; ox++) {
                const d = dy[outRow + ox] as number;
                dw += d * (x[inRow + ox * stride] as number);
                if (dx !== undefined) {
                  const at = inRow + ox * stride;
                  dx[at] = (dx[at] as number) + w * d;
                }
              }
            }
            gw[wi] = (gw[wi] as number) + dw;
          }
        }
      }
    }
    return dx;
  }
}

export type PoolOptions = { input: Shape; kernel: number; stride: number };

/** Max pooling without padding; the gradient goes to the first maximum of each window. */
export class MaxPool implements TrainLayer {
  readonly input: Shape;
  readonly output: Shape;
  readonly k: number;
  readonly stride: number;
  readonly params: Float32Array[] = [];
  readonly grads: Float32Array[] = [];

  constructor({ input, kernel, stride }: PoolOptions) {
    this.input = input;
    this.k = kernel;
    this.stride = stride;
    const out = (n: number) => Math.floor((n - kernel) / stride) + 1;
    this.output = { C: input.C, H: out(input.H), W: out(input.W) };
  }

  get inSize(): number {
    return this.input.C * this.input.H * this.input.W;
  }
  get outSize(): number {
    return this.output.C * this.output.H * this.output.W;
  }

  /** Index into x of each output's (first) maximum. */
  private argmax(x: Float32Array): Int32Array {
    const { input, output, k, stride } = this;
    const at = new Int32Array(this.outSize);
    let o = 0;
    for (let c = 0; c < output.C; c++) {
      for (let oy = 0; oy < output.H; oy++) {
        for (let ox = 0; ox < output.W; ox++) {
          let best = (c * input.H + oy * stride) * input.W + ox * stride;
          for (let ky = 0; ky < k; ky++) {
            const row = (c * input.H + oy * stride + ky) * input.W + ox * stride;
            for (let kx = 0; kx < k; kx++) {
              if ((x[row + kx] as number) > (x[best] as number)) best = row + kx;
            }
          }
          at[o++] = best;
        }
      }
    }
    return at;
  }

  forward(x: Float32Array): Float32Array {
    return Float32Array.from(this.argmax(x), (i) => x[i] as number);
  }

  backward(
    x: Float32Array,
    _y: Float32Array,
    dy: Float32Array,
    needInputGrad: boolean,
  ): Float32Array | undefined {
    if (!needInputGrad) return undefined;
    const dx = new Float32Array(x.length);
    this.argmax(x).forEach((i, o) => {
      dx[i] = (dx[i] as number) + (dy[o] as number);
    });
    return dx;
  }
}

export class Dense implements TrainLayer {
  readonly K: number;
  readonly N: number;
  readonly relu: boolean;
  /** `[N][K]`, as the integer format. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly params: Float32Array[];
  readonly grads: Float32Array[];

  constructor(K: number, N: number, relu: boolean, rng: Rng) {
    this.K = K;
    this.N = N;
    this.relu = relu;
    this.weights = heNormal(rng, N * K, K);
    this.bias = new Float32Array(N);
    this.params = [this.weights, this.bias];
    this.grads = [new Float32Array(N * K), new Float32Array(N)];
  }

  get inSize(): number {
    return this.K;
  }
  get outSize(): number {
    return this.N;
  }

  forward(x: Float32Array): Float32Array {
    const { K, N, weights } = this;
    const y = new Float32Array(N);
    for (let j = 0; j < N; j++) {
      let acc = this.bias[j] as number;
      const row = j * K;
      for (let k = 0; k < K; k++) acc += (weights[row + k] as number) * (x[k] as number);
      y[j] = this.relu && acc < 0 ? 0 : acc;
    }
    return y;
  }

  backward(
    x: Float32Array,
    y: Float32Array,
    dyRaw: Float32Array,
    needInputGrad: boolean,
  ): Float32Array | undefined {
    const { K, N, weights } = this;
    const dy = this.relu ? maskRelu(y, dyRaw) : dyRaw;
    const [gw, gb] = this.grads as [Float32Array, Float32Array];
    const dx = needInputGrad ? new Float32Array(K) : undefined;
    for (let j = 0; j < N; j++) {
      const d = dy[j] as number;
      if (d === 0) continue;
      gb[j] = (gb[j] as number) + d;
      const row = j * K;
      for (let k = 0; k < K; k++) {
        gw[row + k] = (gw[row + k] as number) + d * (x[k] as number);
        if (dx !== undefined) dx[k] = (dx[k] as number) + (weights[row + k] as number) * d;
      }
    }
    return dx;
  }
}
