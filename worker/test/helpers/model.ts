/** A small random integer model built with the SDK's toolchain, written where a worker loads it. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { weightCommitment } from "@verity/model/commitments";
import { stringifyModel } from "@verity/model/model-file";
import { exportOnnx } from "@verity/model/onnx";
import { multiplierToFixedPoint } from "@verity/model/quantize";
import {
  type AnyModel,
  computeUnits,
  type IntegerModel,
  type Layer,
  modelWidths,
} from "@verity/model/types";
import { type Hex, keccak256 } from "viem";

/** Deterministic PRNG (mulberry32), so a failing test can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt8(random: () => number, n: number, span = 127): Int8Array {
  return Int8Array.from({ length: n }, () => Math.round((random() * 2 - 1) * span));
}

export function randomModel(widths: number[], seed = 1): IntegerModel {
  const random = rng(seed);
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const K = widths[i] as number;
    const N = widths[i + 1] as number;
    // Scale so that a typical accumulator (about 40 * 127 * sqrt(K)) lands inside int8.
    const { M, s } = multiplierToFixedPoint(60 / (40 * 127 * Math.sqrt(K)));
    layers.push({
      K,
      N,
      weights: randomInt8(random, K * N, 40),
      bias: Int32Array.from({ length: N }, () => Math.round((random() * 2 - 1) * 2000)),
      M,
      s,
      relu: i + 2 < widths.length,
    });
  }
  return { layers };
}

export type ModelFiles = {
  model: AnyModel;
  onnx: Uint8Array;
  file: string;
  artifactHash: Hex;
  weightCommitment: Hex;
  widths: number[];
  computeUnits: bigint;
};

export async function writeModel(dir: string, name: string, model: AnyModel): Promise<ModelFiles> {
  await mkdir(dir, { recursive: true });
  const onnx = exportOnnx(model);
  await writeFile(join(dir, `${name}.onnx`), onnx);
  await writeFile(join(dir, `${name}.verity.json`), stringifyModel(model));
  return {
    model,
    onnx,
    file: `${name}.onnx`,
    artifactHash: keccak256(onnx),
    weightCommitment: weightCommitment(model),
    widths: modelWidths(model),
    computeUnits: BigInt(computeUnits(model)),
  };
}
