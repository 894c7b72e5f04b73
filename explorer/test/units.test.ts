/** The explorer's pure parts: decoding results, quantizing drawings, prices, routes, amounts. */
import { describe, expect, it } from "vitest";
import { usd, vrt } from "../src/format.js";
import { decodeClass, isMnistModel } from "../src/mnist.js";
import { parseUsd, quantizeDrawing } from "../src/post/input.js";
import { href, parseHash } from "../src/route.js";

describe("decodeClass", () => {
  it("takes the argmax of ten int8 logits, the first on ties", () => {
    // 0x80 = -128, 0xfe = -2, 0x7f = 127 (at 6 and 8: the first wins).
    expect(decodeClass("0x00010280fe057f007f00")).toEqual({
      digit: 6,
      logits: [0, 1, 2, -128, -2, 5, 127, 0, 127, 0],
    });
    expect(decodeClass("0x0001020304050607087f")?.digit).toBe(9);
  });
  it("answers nothing for an output that is not ten logits", () => {
    expect(decodeClass(null)).toBeUndefined();
    expect(decodeClass("0x0102")).toBeUndefined();
  });
});

describe("isMnistModel", () => {
  it("is a 784-input, 10-output model", () => {
    expect(isMnistModel({ uri: "x", widths: [784, 128, 64, 10] })).toBe(true);
    expect(isMnistModel({ uri: "x", widths: [784, 12] })).toBe(false);
    expect(isMnistModel({ uri: "x", widths: null })).toBe(false);
  });
});

describe("quantizeDrawing", () => {
  it("divides ink by the input scale, rounds and clamps to int8", () => {
    const bytes = quantizeDrawing([0, 0.5, 1, 2], 1 / 127);
    expect(Array.from(new Int8Array(bytes.buffer))).toEqual([0, 64, 127, 127]);
  });
});

describe("parseUsd", () => {
  it("reads dollars with up to six decimals as wei", () => {
    expect(parseUsd("5")).toBe(5_000_000n);
    expect(parseUsd(" 0.25 ")).toBe(250_000n);
    expect(parseUsd("1.000001")).toBe(1_000_001n);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "-1", "1.0000001", "1e3", "five"]) expect(parseUsd(bad)).toBeUndefined();
  });
});

describe("routes", () => {
  it("reads a hash into a path and a query, and writes one back", () => {
    const route = parseHash("#/jobs/7?status=Bidding");
    expect(route.path).toEqual(["jobs", "7"]);
    expect(route.query.get("status")).toBe("Bidding");
    expect(parseHash("").path).toEqual([]);
    expect(href("jobs", { status: "Finalized", model: "", after: undefined })).toBe(
      "#/jobs?status=Finalized",
    );
  });
});

describe("amounts", () => {
  it("formats the payment token (6 decimals) and VRT (18) with thousands separators", () => {
    expect(usd(1_421_024n)).toBe("1.421024 USD");
    expect(usd(1_234_000_000n)).toBe("1,234 USD");
    expect(usd(null)).toBe("—");
    expect(vrt(10_000n * 10n ** 18n)).toBe("10,000 VRT");
    expect(vrt(123_456_789n * 10n ** 12n)).toBe("123.4567 VRT");
  });
});

describe("providerSort", () => {
  it("reads a stored column and a direction from the route, stake largest first otherwise", async () => {
    const { providerSort } = await import("../src/pages/Providers.js");
    expect(providerSort(new URLSearchParams("sort=completionBps&dir=asc"))).toEqual({
      by: "completionBps",
      direction: "asc",
    });
    expect(providerSort(new URLSearchParams("sort=completionBps"))).toEqual({
      by: "completionBps",
      direction: "desc",
    });
    // Not a column the indexer sorts by: the default, not a query the indexer refuses.
    expect(providerSort(new URLSearchParams("sort=address;drop"))).toEqual({
      by: "bonded",
      direction: "desc",
    });
  });
});

describe("bpsRatio", () => {
  it("shows basis points as a percentage, and nothing to divide as a dash", async () => {
    const { bpsRatio } = await import("../src/format.js");
    expect(bpsRatio(10_000, 3)).toBe("100%");
    expect(bpsRatio(6666, 3)).toBe("66.66%");
    expect(bpsRatio(0, 0)).toBe("—");
  });
});
