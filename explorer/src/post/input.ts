/** What the post page sends: a drawing as the model's int8 input, and a price typed in dollars. */

/** The int8 input of a drawing: each ink value (0..1) over the model's input scale, rounded and clamped. */
export function quantizeDrawing(ink: ArrayLike<number>, inputScale: number): Uint8Array {
  const out = new Int8Array(ink.length);
  for (let i = 0; i < ink.length; i++)
    out[i] = Math.max(-128, Math.min(127, Math.round((ink[i] ?? 0) / inputScale)));
  return new Uint8Array(out.buffer);
}

/** "5" or "0.25" dollars as payment-token wei (6 decimals); undefined when it is not an amount. */
export function parseUsd(text: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return undefined;
  return BigInt(match[1] ?? "0") * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0") || "0");
}
