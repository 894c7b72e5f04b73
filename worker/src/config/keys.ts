/**
 * The keys a configuration section accepts, read from the schema itself, and
 * the closest one to a typo: "Unknown key "marginbps" (did you mean
 * "marginBps"?)" tells the operator what to fix.
 */
import type { z } from "zod";

type Def = {
  type?: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
};

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Through defaults, optionals and pipes down to the object or array they wrap. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = defOf(current);
    const next = def.innerType ?? def.in;
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

/** The keys of the object schema at `path` (array indices step into the element); [] when none. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const step of path) {
    const def = defOf(current);
    if (typeof step === "number" && def.element !== undefined) current = unwrap(def.element);
    else if (def.shape !== undefined && typeof step === "string" && step in def.shape)
      current = unwrap(def.shape[step] as z.ZodType);
    else return [];
  }
  const shape = defOf(current).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** Edit distance, case-insensitive (a wrong case is the commonest typo). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/** The known key nearest to `key`, when it is near enough to be the one meant. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (best === undefined || d < best.d) best = { key: candidate, d };
  }
  if (best === undefined) return undefined;
  return best.d <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined;
}
