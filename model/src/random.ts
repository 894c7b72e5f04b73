/**
 * Seeded randomness for tests, test vectors and training: every generated
 * artifact must come out the same on every machine, which Math.random cannot give.
 */
import type { IntegerModel, Layer } from "./types.js";

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
};

/** mulberry32: tiny, fast, and good enough for test data (not for secrets). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (items) => {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [
          items[j] as (typeof items)[number],
          items[i] as (typeof items)[number],
        ];
      }
      return items;
    },
  };
}

export function randomInt8s(rng: Rng, length: number): Int8Array {
  return Int8Array.from({ length }, () => rng.int(-128, 127));
}

export type RandomLayerOptions = {
  relu?: boolean;
  /** "typical": M in [2^30, 2^31) and a shift that keeps most outputs in range;
   * "clipping": large M and small s, so most outputs saturate at -128/127;
   * "extreme": the bounds themselves (M = 2^31-1 or 1, s = 1 or 62, |b| = 2^30). */
  regime?: "typical" | "clipping" | "extreme";
};

export function randomLayer(
  rng: Rng,
  K: number,
  N: number,
  options: RandomLayerOptions = {},
): Layer {
  const regime = options.regime ?? "typical";
  const relu = options.relu ?? rng.next() < 0.5;
  const weights = randomInt8s(rng, N * K);
  // A dot product of K uniform int8 pairs has a standard deviation near 5,500 * sqrt(K).
  const spread = 5500 * Math.sqrt(K);
  let bias: Int32Array;
  let M: number;
  let s: number;
  if (regime === "typical") {
    bias = Int32Array.from({ length: N }, () => Math.round(rng.normal() * spread));
    M = rng.int(2 ** 30, 2 ** 31 - 1);
    // Map about two standard deviations onto the int8 range.
    s = Math.min(62, Math.max(1, 31 + Math.round(Math.log2(spread / 64)) + rng.int(-1, 1)));
  } else if (regime === "clipping") {
    bias = Int32Array.from({ length: N }, () => rng.int(-(2 ** 20), 2 ** 20));
    M = rng.int(2 ** 28, 2 ** 31 - 1);
    s = rng.int(1, 24);
  } else {
    bias = Int32Array.from({ length: N }, () =>
      rng.pick([-(2 ** 30), 2 ** 30, rng.int(-(2 ** 30), 2 ** 30)]),
    );
    M = rng.pick([1, 2 ** 31 - 1, rng.int(1, 2 ** 31 - 1)]);
    s = rng.pick([1, 62, rng.int(1, 62)]);
  }
  return { K, N, weights, bias, M, s, relu };
}

/** A random valid model with the given widths (`[K_1, N_1, ..., N_L]`); the last layer has no ReLU. */
export function randomModel(
  rng: Rng,
  widths: readonly number[],
  options: RandomLayerOptions = {},
): IntegerModel {
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const last = i + 2 === widths.length;
    const relu = options.relu ?? !last;
    layers.push(
      randomLayer(rng, widths[i] as number, widths[i + 1] as number, { ...options, relu }),
    );
  }
  return { layers };
}
