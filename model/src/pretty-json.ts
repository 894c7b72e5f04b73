/**
 * Pretty JSON laid out the way Biome formats it (objects expanded, arrays of
 * primitives on one line when that line fits in 100 columns), so generated files
 * that are checked in pass `biome check` without a formatting pass.
 */
const LINE_WIDTH = 100;

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

function format(value: unknown, indent: string, prefixLength: number): string {
  if (isPrimitive(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isPrimitive)) {
      const inline = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
      // +1 for the trailing comma a member may carry.
      if (prefixLength + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    const items = value.map((v) => `${inner}${format(v, inner, inner.length)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return "{}";
  const members = entries.map(([key, v]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${format(v, inner, head.length)}`;
  });
  return `{\n${members.join(",\n")}\n${indent}}`;
}

/** `value` as formatted JSON text with a trailing newline. */
export function formatJson(value: unknown): string {
  return `${format(value, "", 0)}\n`;
}
