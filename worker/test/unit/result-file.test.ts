import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { jsonReplacer } from "../../src/store/durable.js";
import type { ResultRecord } from "../../src/store/records.js";
import { decodeResult, encodeResult } from "../../src/store/result-file.js";
import { openStore } from "../helpers/store.js";

const hash = (byte: string) => `0x${byte.repeat(64)}` as Hex;

/** A CNN-sized record: activations of every size, an empty one too, and every int8 value. */
function record(jobId: bigint, round = 0): ResultRecord {
  const widths = [784, 6272, 0, 1, 10];
  return {
    jobId,
    round,
    activations: widths.map((w, l) =>
      Int8Array.from({ length: w }, (_, i) => ((i * 37 + l) % 256) - 128),
    ),
    output: "0x0102030405060708090a",
    outputHash: hash("a"),
    layerHashes: [hash("b"), hash("c")],
    traceRoot: hash("d"),
    state: "computed",
  };
}

describe("result record file", () => {
  it("round-trips every field and every activation byte", () => {
    const original = record(12345678901234567890n, 3);
    const decoded = decodeResult(encodeResult(original), "r.bin");
    expect(decoded).toEqual(original);
    expect(decoded.activations.map((a) => a.length)).toEqual([784, 6272, 0, 1, 10]);
  });

  it("is the activations' bytes plus a small header, not hex", () => {
    const original = record(1n);
    const bytes = original.activations.reduce((sum, a) => sum + a.length, 0);
    const size = encodeResult(original).length;
    expect(size).toBeGreaterThan(bytes);
    expect(size).toBeLessThan(bytes + 600);
  });

  it("names what is wrong with a damaged file", () => {
    const bytes = encodeResult(record(1n));
    expect(() => decodeResult(bytes.subarray(0, bytes.length - 1), "r.bin")).toThrow(
      /Corrupt state file r\.bin: 7066 activation bytes, the header says 7067/,
    );
    expect(() => decodeResult(new TextEncoder().encode('{"jobId":"1n"}'), "r.bin")).toThrow(
      /not a result record/,
    );
    const header = Buffer.from(bytes);
    header.writeUInt32LE(1_000_000, 4);
    expect(() => decodeResult(header, "r.bin")).toThrow(/header runs past the end/);
  });

  it("is what the store writes and reads back after a restart", async () => {
    const { dir, store } = await openStore();
    await store.results.put(record(7n));
    await store.results.put({ ...record(7n), state: "submitted" });
    expect(await readdir(join(dir, "results"))).toEqual(["7-0.bin"]);
    const { store: reopened } = await openStore(dir);
    expect(reopened.result(7n, 0)).toEqual({ ...record(7n), state: "submitted" });
  });

  it("loads a record an earlier worker wrote as JSON with hex, and replaces its file on write", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-results-"));
    const old = record(9n, 1);
    const legacy = {
      ...old,
      activations: old.activations.map((a) =>
        bytesToHex(new Uint8Array(a.buffer, a.byteOffset, a.length)),
      ),
    };
    await mkdir(join(dir, "results"));
    await writeFile(join(dir, "results", "9-1.json"), JSON.stringify(legacy, jsonReplacer));

    const { store: reopened } = await openStore(dir);
    expect(reopened.result(9n, 1)).toEqual(old);

    await reopened.results.put({ ...old, state: "finalized" });
    expect(await readdir(join(dir, "results"))).toEqual(["9-1.bin"]);
    const { store: again } = await openStore(dir);
    expect(again.result(9n, 1)?.state).toBe("finalized");
    expect(decodeResult(await readFile(join(dir, "results", "9-1.bin")), "x").activations).toEqual(
      old.activations,
    );

    await again.results.delete("9-1");
    expect(await readdir(join(dir, "results"))).toEqual([]);
  });
});
