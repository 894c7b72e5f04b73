import { concat, keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import {
  activationHash,
  activationHashes,
  hexToInt8,
  int8ToHex,
  layerLeaf,
  layerLeafFromFields,
  layerLeaves,
  rowLeaf,
  rowLeaves,
  rowsRoot,
  traceCommitment,
  weightCommitment,
} from "./commitments.js";
import { execute } from "./executor.js";
import { merkleRoot, verifyMerkleProof, ZERO_HASH } from "./merkle.js";
import { createRng, randomInt8s, randomModel } from "./random.js";
import type { Layer } from "./types.js";
import { activationWitness, neuronWitness, stepWitness } from "./witness.js";

// Known answers computed with foundry's `cast keccak` over hand-packed bytes, independent of viem:
//   row [1, -1, 127, -128], bias -2    -> 0x01ff7f80 ++ fffffffe
//   layer K=4 N=1 M=2^30 s=31 relu=1   -> 00000004 00000001 40000000 1f 01 ++ rowsRoot
const ROW_LEAF = "0x091f405bed80420845b64ff850a75c5619d71d49ebd15b45c5acb416e9e54c32";
const LAYER_LEAF = "0xebc6fde4f1182dd6fb91153ce940b511d62b21e5534fba6ba86fe094b9fdab8a";
const ACTIVATION_0080FF7F = "0x50ea6d7e1fb6ce3afaa20581dc448040b8b25805838ff63f4c132c0e3a60a918";

const tiny: Layer = {
  K: 4,
  N: 1,
  weights: Int8Array.from([1, -1, 127, -128]),
  bias: Int32Array.from([-2]),
  M: 2 ** 30,
  s: 31,
  relu: true,
};

describe("leaves (byte layout of abi.encodePacked)", () => {
  it("row leaf: int8 bytes ++ int32 bias big-endian two's complement", () => {
    expect(rowLeaf(tiny.weights, -2)).toBe(ROW_LEAF);
    expect(rowLeaf(tiny.weights, -2)).toBe(keccak256("0x01ff7f80fffffffe"));
    expect(rowLeaf(Int8Array.from([5]), 0x01020304)).toBe(keccak256("0x0501020304"));
  });

  it("layer leaf: uint32 K, N, M, uint8 s, relu, bytes32 rowsRoot (46 bytes)", () => {
    // One row: the rows root is the row leaf itself.
    expect(rowsRoot(tiny)).toBe(ROW_LEAF);
    expect(layerLeaf(tiny)).toBe(LAYER_LEAF);
    const fields = { K: 4, N: 1, M: 2 ** 30, s: 31, relu: false, rowsRoot: ROW_LEAF } as const;
    expect(layerLeafFromFields(fields)).toBe(
      keccak256(concat(["0x0000000400000001400000001f00", ROW_LEAF])),
    );
    expect(() => layerLeafFromFields({ ...fields, s: 256 })).toThrow(/packed width/);
    expect(() => layerLeafFromFields({ ...fields, M: 2 ** 32 })).toThrow(/packed width/);
  });

  it("activation hash: raw two's-complement bytes", () => {
    expect(activationHash(Int8Array.from([0, -128, -1, 127]))).toBe(ACTIVATION_0080FF7F);
    expect(int8ToHex(Int8Array.from([0, -128, -1, 127]))).toBe("0x0080ff7f");
    expect(Array.from(hexToInt8("0x0080ff7f"))).toEqual([0, -128, -1, 127]);
  });

  it("rows root and weight commitment are Merkle roots over their leaves, in order", () => {
    const model = randomModel(createRng(11), [5, 3, 2]);
    const first = model.layers[0] as Layer;
    expect(rowLeaves(first)).toEqual(
      [0, 1, 2].map((j) =>
        rowLeaf(first.weights.subarray(j * 5, j * 5 + 5), first.bias[j] as number),
      ),
    );
    expect(rowsRoot(first)).toBe(merkleRoot(rowLeaves(first)));
    expect(weightCommitment(model)).toBe(merkleRoot(layerLeaves(model)));
    // Any change to any parameter changes the commitment.
    const changed = { ...model, layers: [{ ...first, M: first.M + 1 }, ...model.layers.slice(1)] };
    expect(weightCommitment(changed)).not.toBe(weightCommitment(model));
    const flipped = { ...first, relu: !first.relu };
    expect(layerLeaf(flipped)).not.toBe(layerLeaf(first));
  });
});

describe("trace commitment", () => {
  it("covers the hidden activations h_1..h_{L-1} only", () => {
    const rng = createRng(12);
    const model = randomModel(rng, [6, 5, 4, 3]);
    const trace = execute(model, randomInt8s(rng, 6));
    // h_l over the raw bytes, built here from Node's Buffer rather than the module's own helpers.
    const hex = (a: Int8Array) =>
      `0x${Buffer.from(a.buffer, a.byteOffset, a.length).toString("hex")}` as const;
    expect(activationHashes(trace)).toEqual(trace.map((a) => keccak256(hex(a))));
    expect(traceCommitment(trace)).toBe(
      merkleRoot([activationHash(trace[1] as Int8Array), activationHash(trace[2] as Int8Array)]),
    );
    const otherInput = [randomInt8s(rng, 6), ...trace.slice(1)];
    expect(traceCommitment(otherInput)).toBe(traceCommitment(trace));
  });

  it("is bytes32(0) for a one-layer model", () => {
    expect(traceCommitment([Int8Array.from([1]), Int8Array.from([2])])).toBe(ZERO_HASH);
  });
});

describe("dispute witnesses", () => {
  const rng = createRng(13);
  const model = randomModel(rng, [7, 5, 6, 3]);
  const trace = execute(model, randomInt8s(rng, 7));
  const commitment = weightCommitment(model);
  const traceRoot = traceCommitment(trace);

  it("proves every layer leaf and row leaf and recomputes y_j from the witness alone", () => {
    model.layers.forEach((layer, i) => {
      const l = i + 1;
      for (let j = 0; j < layer.N; j++) {
        const w = neuronWitness(model, l, j);
        expect(w.weightCommitment).toBe(commitment);
        expect(layerLeafFromFields(w.layerFields)).toBe(w.layerLeaf);
        expect(verifyMerkleProof(w.layerLeaf, l - 1, w.layerProof, commitment)).toBe(true);
        expect(rowLeaf(hexToInt8(w.row), w.bias)).toBe(w.rowLeaf);
        expect(verifyMerkleProof(w.rowLeaf, j, w.rowProof, w.layerFields.rowsRoot)).toBe(true);

        const step = stepWitness(model, trace, l, j);
        expect(step.expected).toBe((trace[l] as Int8Array)[j]);
        // Recompute y_j from the row, bias and input bytes the witness carries, as the contract will.
        const x = hexToInt8(step.input.activation);
        const row = hexToInt8(w.row);
        let acc = w.bias;
        row.forEach((v, k) => {
          acc += v * (x[k] as number);
        });
        if (w.layerFields.relu && acc < 0) acc = 0;
        const q =
          (BigInt(acc) * BigInt(w.layerFields.M) + (1n << BigInt(w.layerFields.s - 1))) >>
          BigInt(w.layerFields.s);
        expect(Number(q < -128n ? -128n : q > 127n ? 127n : q)).toBe(step.expected);
      }
    });
  });

  it("binds a_0 to the input hash, a_L to the output hash and hidden ones to the trace root", () => {
    expect(activationWitness(trace, 0)).toMatchObject({
      bound: "input",
      hash: activationHash(trace[0] as Int8Array),
    });
    expect(activationWitness(trace, 3)).toMatchObject({
      bound: "output",
      hash: activationHash(trace[3] as Int8Array),
    });
    for (const l of [1, 2]) {
      const w = activationWitness(trace, l);
      if (w.bound !== "trace") throw new Error("expected a trace witness");
      expect(w.traceRoot).toBe(traceRoot);
      expect(w.traceIndex).toBe(l - 1);
      expect(verifyMerkleProof(w.hash, w.traceIndex, w.proof, traceRoot)).toBe(true);
      expect(keccak256(w.activation)).toBe(w.hash);
    }
  });

  it("refuses layers and neurons out of range", () => {
    expect(() => neuronWitness(model, 0, 0)).toThrow(/layer 0 out of range/);
    expect(() => neuronWitness(model, 4, 0)).toThrow(/layer 4 out of range/);
    expect(() => neuronWitness(model, 1, 5)).toThrow(/neuron 5 out of range/);
    expect(() => stepWitness(model, trace.slice(1), 1, 0)).toThrow(/activations/);
  });
});
