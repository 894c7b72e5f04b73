import { activationHash, int8ToHex, traceCommitment } from "@verity/model/commitments";
import { execute } from "@verity/model/executor";
import { bytesToHex, keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { apiKeccak, directKeccak, keccak256Bytes } from "../../src/inference/keccak.js";
import { buildTrace } from "../../src/inference/trace.js";
import { randomInt8, randomModel, rng } from "../helpers/model.js";

describe("keccak256 (hash-wasm)", () => {
  it("equals viem's on every length from 0 to 700 bytes", () => {
    const random = rng(1);
    for (let n = 0; n <= 700; n++) {
      const data = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      expect(bytesToHex(keccak256Bytes(data))).toBe(keccak256(data));
    }
  });

  it("calls the module directly, and both paths equal viem's, past the module's 16 KiB buffer too", async () => {
    const direct = await directKeccak();
    expect(direct, "hash-wasm's sha3 module was not found in its build").toBeDefined();
    const paths = [direct, await apiKeccak()];
    const random = rng(2);
    for (const n of [0, 1, 135, 136, 137, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 40_000]) {
      const data = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      for (const keccak of paths) {
        // Written at an offset, into a buffer that holds something else: nothing around it moves.
        const out = new Uint8Array(40).fill(7);
        keccak?.(data, out, 4);
        expect(bytesToHex(out.subarray(4, 36))).toBe(keccak256(data));
        expect([...out.subarray(0, 4), ...out.subarray(36)]).toEqual(new Array(8).fill(7));
      }
    }
  });

  it("gives the SDK's trace commitment and output hash", () => {
    for (const widths of [
      [8, 4],
      [8, 16, 4],
      [16, 32, 32, 4],
      [8, 8, 8, 8, 8, 8, 4],
    ]) {
      const model = randomModel(widths, widths.length);
      const activations = execute(model, randomInt8(rng(widths.length), widths[0] as number));
      const trace = buildTrace(activations);
      expect(trace.traceRoot).toBe(traceCommitment(activations));
      expect(trace.outputHash).toBe(
        activationHash(activations[activations.length - 1] as Int8Array),
      );
      expect(trace.activations).toEqual(activations.map(int8ToHex));
      expect(trace.layerHashes).toEqual(activations.slice(1, -1).map(activationHash));
    }
  });

  it("stays right when calls of different depths reuse its scratch space", () => {
    const depths = [
      [8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 4],
      [8, 4],
      [8, 16, 4],
    ];
    for (const widths of [...depths, ...depths.reverse()]) {
      const activations = execute(
        randomModel(widths, widths.length),
        randomInt8(rng(widths.length), widths[0] as number),
      );
      expect(buildTrace(activations).traceRoot).toBe(traceCommitment(activations));
    }
  });
});
