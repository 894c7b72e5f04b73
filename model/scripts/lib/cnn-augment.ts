/**
 * Training-time augmentation for 28x28 digits: a small random affine map
 * (rotation, scale, shift), resampled bilinearly. The data set is small (9,000
 * training digits): pure shifts left the CNN overfitting (train accuracy above
 * held-out); mild rotations and scalings are what handwriting varies by anyway.
 */
import type { Rng } from "../../src/random.js";

export type AffineOptions = {
  /** Largest rotation either way, in degrees. */
  maxRotation: number;
  /** Largest relative scale change either way (0.1 = 90%..110%). */
  maxScale: number;
  /** Largest shift in each direction, in pixels. */
  maxShift: number;
};

const SIDE = 28;
const CENTER = (SIDE - 1) / 2;

/** The image seen through a random affine map around its centre; outside pixels are 0. */
export function randomAffine(x: Float32Array, options: AffineOptions, rng: Rng): Float32Array {
  const angle = ((rng.next() * 2 - 1) * options.maxRotation * Math.PI) / 180;
  const scale = 1 + (rng.next() * 2 - 1) * options.maxScale;
  const dx = (rng.next() * 2 - 1) * options.maxShift;
  const dy = (rng.next() * 2 - 1) * options.maxShift;
  // Inverse map: for each output pixel, where it comes from in the input.
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const out = new Float32Array(SIDE * SIDE);
  const at = (r: number, c: number) =>
    r >= 0 && r < SIDE && c >= 0 && c < SIDE ? (x[r * SIDE + c] as number) : 0;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const u = c - CENTER - dx;
      const v = r - CENTER - dy;
      const sc = cos * u + sin * v + CENTER;
      const sr = -sin * u + cos * v + CENTER;
      const r0 = Math.floor(sr);
      const c0 = Math.floor(sc);
      const fr = sr - r0;
      const fc = sc - c0;
      out[r * SIDE + c] =
        (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) +
        fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
    }
  }
  return out;
}
