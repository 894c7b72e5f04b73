/**
 * What quantization cost: the float model and its integer version run on the
 * same inputs, compared by top-1 class (and against labels when there are some)
 * and by how far the dequantized integer outputs are from the float ones.
 */
import { argmax, execute } from "./executor.js";
import { type FloatModel, floatForward } from "./float-model.js";
import { quantizeInput } from "./quantize.js";
import type { AnyModel } from "./types.js";

export type AccuracyReport = {
  samples: number;
  /** Share of inputs where float and integer models pick the same class. */
  top1Agreement: number;
  /** Share of correct float predictions (labels given only). */
  floatAccuracy?: number;
  /** Share of correct integer predictions (labels given only). */
  intAccuracy?: number;
  /** Mean |float output - integer output * outputScale| over all output elements. */
  meanAbsOutputError: number;
  /** Integer predictions, in input order (argmax of the int8 outputs, first index on ties). */
  intPredictions: number[];
};

export function compareModels(
  float: FloatModel,
  integer: AnyModel,
  inputs: readonly ArrayLike<number>[],
  labels?: readonly number[],
): AccuracyReport {
  if (labels !== undefined && labels.length !== inputs.length) {
    throw new RangeError(`${labels.length} labels for ${inputs.length} inputs`);
  }
  const outputScale = integer.outputScale ?? 1;
  let agree = 0;
  let floatCorrect = 0;
  let intCorrect = 0;
  let errorSum = 0;
  let errorCount = 0;
  const intPredictions: number[] = [];
  inputs.forEach((x, n) => {
    const floatOut = floatForward(float, x).at(-1) as Float64Array;
    const intOut = execute(integer, quantizeInput(integer, x)).at(-1) as Int8Array;
    const f = argmax(floatOut);
    const q = argmax(intOut);
    intPredictions.push(q);
    if (f === q) agree++;
    if (labels !== undefined) {
      if (f === labels[n]) floatCorrect++;
      if (q === labels[n]) intCorrect++;
    }
    floatOut.forEach((v, j) => {
      errorSum += Math.abs(v - (intOut[j] as number) * outputScale);
      errorCount++;
    });
  });
  const samples = inputs.length;
  const report: AccuracyReport = {
    samples,
    top1Agreement: samples === 0 ? 0 : agree / samples,
    meanAbsOutputError: errorCount === 0 ? 0 : errorSum / errorCount,
    intPredictions,
  };
  if (labels !== undefined && samples > 0) {
    report.floatAccuracy = floatCorrect / samples;
    report.intAccuracy = intCorrect / samples;
  }
  return report;
}
