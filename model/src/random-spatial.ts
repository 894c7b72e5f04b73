/**
 * Seeded random v2 layers and models (conv2d, pools, add, dense after them)
 * for tests and the shared vectors: shapes drawn within the spec's bounds,
 * requantization in the same regimes as random.ts's dense layers.
 */
import {
  createRng,
  type RandomLayerOptions,
  type Rng,
  randomInt8s,
  randomLayer,
} from "./random.js";
import { layerOutputShape, shapeSize } from "./shapes.js";
import {
  type AddLayer,
  type AnyLayer,
  type AnyModel,
  type Conv2dLayer,
  MAX_CONV_WINDOW,
  MAX_WIDTH,
  type PoolLayer,
  type Shape,
} from "./types.js";

export type Regime = NonNullable<RandomLayerOptions["regime"]>;

/** One requantization (M, s) for accumulators of standard deviation about `spread`. */
function requantFor(rng: Rng, spread: number, regime: Regime): { M: number; s: number } {
  if (regime === "typical") {
    const M = rng.int(2 ** 30, 2 ** 31 - 1);
    // Map about two standard deviations onto the int8 range.
    const s = Math.min(62, Math.max(1, 31 + Math.round(Math.log2(spread / 64)) + rng.int(-1, 1)));
    return { M, s };
  }
  if (regime === "clipping") return { M: rng.int(2 ** 28, 2 ** 31 - 1), s: rng.int(1, 24) };
  return {
    M: rng.pick([1, 2 ** 31 - 1, rng.int(1, 2 ** 31 - 1)]),
    s: rng.pick([1, 62, rng.int(1, 62)]),
  };
}

export type RandomConvOptions = {
  Cout?: number;
  kh?: number;
  kw?: number;
  stride?: number;
  pad?: number;
  relu?: boolean;
  regime?: Regime;
};

/** A random conv2d on input shape `[Cin, H, W]`; unspecified fields are drawn so the window fits. */
export function randomConv2d(
  rng: Rng,
  [Cin, H, W]: Shape,
  options: RandomConvOptions = {},
): Conv2dLayer {
  const regime = options.regime ?? "typical";
  const maxK = (side: number) =>
    Math.max(1, Math.min(5, side, Math.floor(Math.sqrt(MAX_CONV_WINDOW / Cin))));
  const kh = options.kh ?? rng.int(1, maxK(H));
  const kw = options.kw ?? rng.int(1, maxK(W));
  const pad = options.pad ?? rng.int(0, Math.min(kh, kw) - 1);
  const stride = options.stride ?? rng.int(1, 3);
  const Cout = options.Cout ?? rng.int(1, 8);
  const window = Cin * kh * kw;
  const spread = 5500 * Math.sqrt(window);
  const bias =
    regime === "extreme"
      ? Int32Array.from({ length: Cout }, () =>
          rng.pick([-(2 ** 30), 2 ** 30, rng.int(-(2 ** 30), 2 ** 30)]),
        )
      : Int32Array.from({ length: Cout }, () => Math.round(rng.normal() * spread));
  return {
    kind: "conv2d",
    Cin,
    H,
    W,
    Cout,
    kh,
    kw,
    stride,
    pad,
    weights: randomInt8s(rng, Cout * window),
    bias,
    ...requantFor(rng, spread, regime),
    relu: options.relu ?? rng.next() < 0.5,
  };
}

export function randomPool(
  rng: Rng,
  kind: "maxpool" | "avgpool",
  [C, H, W]: Shape,
  options: { kh?: number; kw?: number; stride?: number } = {},
): PoolLayer {
  const kh = options.kh ?? rng.int(1, Math.min(4, H));
  const kw = options.kw ?? rng.int(1, Math.min(4, W));
  const stride = options.stride ?? rng.int(1, 3);
  return { kind, C, H, W, kh, kw, stride };
}

export function randomAdd(
  rng: Rng,
  [C, H, W]: Shape,
  skip: number,
  options: { relu?: boolean; regime?: Regime } = {},
): AddLayer {
  const regime = options.regime ?? "typical";
  let Ma: number;
  let Mb: number;
  let s: number;
  if (regime === "typical") {
    // y ~ (a*Ma + b*Mb) / 2^s with Ma, Mb / 2^s in [0.25, 1).
    s = rng.int(20, 31);
    Ma = rng.int(2 ** (s - 2), 2 ** s - 1);
    Mb = rng.int(2 ** (s - 2), 2 ** s - 1);
  } else if (regime === "clipping") {
    s = rng.int(1, 20);
    Ma = rng.int(2 ** s, 2 ** 31 - 1);
    Mb = rng.int(2 ** s, 2 ** 31 - 1);
  } else {
    Ma = rng.pick([1, 2 ** 31 - 1, rng.int(1, 2 ** 31 - 1)]);
    Mb = rng.pick([1, 2 ** 31 - 1, rng.int(1, 2 ** 31 - 1)]);
    s = rng.pick([1, 62, rng.int(1, 62)]);
  }
  return { kind: "add", C, H, W, skip, Ma, Mb, s, relu: options.relu ?? rng.next() < 0.5 };
}

export type RandomSpatialModelOptions = {
  /** Input shape; drawn when absent. */
  inputShape?: Shape;
  /** Number of layers; drawn in [2, 6] when absent. */
  depth?: number;
  regime?: Regime;
  /** End with a dense layer (flatten then dense). Default: drawn. */
  denseHead?: boolean;
};

/**
 * A random valid model mixing every kind: convs, pools, adds that read an
 * earlier activation of the same shape, and optionally a dense head.
 */
export function randomSpatialModel(rng: Rng, options: RandomSpatialModelOptions = {}): AnyModel {
  const inputShape: Shape = options.inputShape ?? [rng.int(1, 4), rng.int(3, 12), rng.int(3, 12)];
  const depth = options.depth ?? rng.int(2, 6);
  const regime = options.regime ?? rng.pick<Regime>(["typical", "typical", "clipping", "extreme"]);
  const denseHead = options.denseHead ?? rng.next() < 0.5;
  const shapes: Shape[] = [inputShape];
  const layers: AnyLayer[] = [];
  const current = () => shapes[shapes.length - 1] as Shape;
  while (layers.length < depth - (denseHead ? 1 : 0)) {
    const shape = current();
    const l = layers.length + 1;
    const skips = shapes
      .slice(0, Math.max(0, l - 1))
      .map((s, r) => ({ s, r }))
      .filter(({ s }) => s[0] === shape[0] && s[1] === shape[1] && s[2] === shape[2]);
    let layer: AnyLayer;
    if (skips.length > 0 && rng.next() < 0.4) {
      layer = randomAdd(rng, shape, rng.pick(skips).r, { regime });
    } else if (rng.next() < 0.6 || shape[1] < 2) {
      // A "same" conv (stride 1, pad (k-1)/2) half the time, so later adds find a matching skip.
      const same = rng.next() < 0.5;
      const k = rng.pick([1, 3]);
      layer = randomConv2d(
        rng,
        shape,
        same ? { kh: k, kw: k, stride: 1, pad: (k - 1) / 2, Cout: shape[0], regime } : { regime },
      );
    } else {
      layer = randomPool(rng, rng.pick(["maxpool", "avgpool"] as const), shape);
    }
    layers.push(layer);
    shapes.push(layerOutputShape(layer));
  }
  if (denseHead) {
    // A dense layer reads at most MAX_WIDTH elements: pool the activation down first.
    while (shapeSize(current()) > MAX_WIDTH) {
      const shape = current();
      const layer = randomPool(rng, "maxpool", shape, {
        kh: Math.min(2, shape[1]),
        kw: Math.min(2, shape[2]),
        stride: 2,
      });
      layers.push(layer);
      shapes.push(layerOutputShape(layer));
    }
    const K = shapeSize(current());
    layers.push(randomLayer(rng, K, rng.int(1, 16), { regime, relu: false }));
  }
  return { layers, inputShape };
}

/** Convenience for tests: `randomSpatialModel(createRng(seed), options)`. */
export function seededSpatialModel(
  seed: number,
  options: RandomSpatialModelOptions = {},
): AnyModel {
  return randomSpatialModel(createRng(seed), options);
}
