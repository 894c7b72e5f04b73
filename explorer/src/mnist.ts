/**
 * The sample model's output decoded: its result is the ten int8 logits of the digits 0–9, and the
 * predicted digit is their argmax (the first on ties, as the reference executor takes it).
 */

export type ModelInfo = { uri: string; widths: unknown };

/** Whether a model is the devnet's sample MNIST classifier (784 inputs, 10 classes). */
export function isMnistModel(model: ModelInfo | null | undefined): boolean {
  if (!model || !Array.isArray(model.widths)) return false;
  const widths = model.widths as number[];
  return widths[0] === 784 && widths.at(-1) === 10;
}

export function hexBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function decodeClass(
  output: string | null,
): { digit: number; logits: number[] } | undefined {
  if (output === null) return undefined;
  const bytes = hexBytes(output);
  if (bytes.length !== 10) return undefined;
  const logits = Array.from(new Int8Array(bytes.buffer));
  let digit = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] ?? 0) > (logits[digit] ?? 0)) digit = i;
  return { digit, logits };
}
