import { describe, expect, it } from "vitest";
import { formatJson } from "./pretty-json.js";

describe("formatJson", () => {
  it("expands objects, inlines short primitive arrays, and parses back to the same value", () => {
    const value = { widths: [784, 128, 10], nested: { ok: true, name: "x" }, empty: [], none: {} };
    const text = formatJson(value);
    expect(text).toBe(
      '{\n  "widths": [784, 128, 10],\n  "nested": {\n    "ok": true,\n    "name": "x"\n  },\n  "empty": [],\n  "none": {}\n}\n',
    );
    expect(JSON.parse(text)).toEqual(value);
  });

  it("breaks an array that would pass 100 columns, one item per line", () => {
    const hashes = [`0x${"ab".repeat(32)}`, `0x${"cd".repeat(32)}`];
    const text = formatJson({ leaves: hashes });
    expect(text).toBe(`{\n  "leaves": [\n    "${hashes[0]}",\n    "${hashes[1]}"\n  ]\n}\n`);
    expect(text.split("\n").every((line) => line.length <= 100)).toBe(true);
  });
});
