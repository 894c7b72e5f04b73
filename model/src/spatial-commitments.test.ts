import { concat, keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import {
  activationHash,
  layerLeaf,
  layerLeafFields,
  layerLeafFromFields,
  rowLeaf,
} from "./commitments.js";
import { elementStepWitness, elementWitness } from "./element-witness.js";
import { execute } from "./executor.js";
import { computeMerkleRoot, merkleRoot, verifyMerkleProof } from "./merkle.js";
import { createRng, randomInt8s } from "./random.js";
import { randomSpatialModel } from "./random-spatial.js";
import { shapeSize } from "./shapes.js";
import {
  type Conv2dLeafFields,
  filterLeaf,
  filterLeaves,
  filtersRoot,
  spatialLeafPreimage,
} from "./spatial-commitments.js";
import type { AnyModel, Conv2dLayer } from "./types.js";

// Known answers from foundry's `cast keccak` over hand-packed bytes, independent of this code.
const ROOT = "0x091f405bed80420845b64ff850a75c5619d71d49ebd15b45c5acb416e9e54c32";
const CONV_LEAF = "0x7a7ac9275c8b02c0b8ea61c4fe7deb5b821e4380d9a1726e3c0c3291466dab16";
const MAXPOOL_LEAF = "0x3cb31c984bf5ea670779c5a6e374b4a2345c8c1ce6459e52d3df1460a4e6a73c";
const AVGPOOL_LEAF = "0x64370cdf3117e0b403bf06241e851bdefc3e0922760518d75b17c4b15fe2ce4f";
const ADD_LEAF = "0xb2b3ca41b6d8253a53b8b23230c0b5668ee4e0447fa145491d578309a691e626";

const convFields: Conv2dLeafFields = {
  kind: "conv2d",
  Cin: 2,
  H: 5,
  W: 6,
  Cout: 3,
  kh: 3,
  kw: 2,
  stride: 1,
  pad: 1,
  M: 2 ** 30,
  s: 31,
  relu: true,
  filtersRoot: ROOT,
};

describe("v2 layer leaves (abi.encodePacked of the typed fields)", () => {
  it("conv2d: tag 1, uint16 Cin H W Cout, uint8 kh kw stride pad, uint32 M, uint8 s relu, filtersRoot (51 bytes)", () => {
    const packed = concat([
      "0x01",
      "0x0002",
      "0x0005",
      "0x0006",
      "0x0003",
      "0x03",
      "0x02",
      "0x01",
      "0x01",
      "0x40000000",
      "0x1f",
      "0x01",
      ROOT,
    ]);
    expect(keccak256(packed)).toBe(CONV_LEAF);
    expect(spatialLeafPreimage(convFields)).toHaveLength(51);
    expect(layerLeafFromFields(convFields)).toBe(CONV_LEAF);
  });

  it("pools: tag 2 or 3, uint16 C H W, uint8 kh kw stride (10 bytes)", () => {
    const pool = { kind: "maxpool", C: 3, H: 6, W: 6, kh: 2, kw: 2, stride: 2 } as const;
    expect(keccak256(concat(["0x02", "0x0003", "0x0006", "0x0006", "0x02", "0x02", "0x02"]))).toBe(
      MAXPOOL_LEAF,
    );
    expect(spatialLeafPreimage(pool)).toHaveLength(10);
    expect(layerLeaf(pool)).toBe(MAXPOOL_LEAF);
    expect(layerLeaf({ ...pool, kind: "avgpool" })).toBe(AVGPOOL_LEAF);
  });

  it("add: tag 4, uint16 C H W skip, uint32 Ma Mb, uint8 s relu (19 bytes)", () => {
    const add = {
      kind: "add",
      C: 3,
      H: 3,
      W: 3,
      skip: 2,
      Ma: 5,
      Mb: 7,
      s: 31,
      relu: false,
    } as const;
    expect(
      keccak256(
        concat([
          "0x04",
          "0x0003",
          "0x0003",
          "0x0003",
          "0x0002",
          "0x00000005",
          "0x00000007",
          "0x1f",
          "0x00",
        ]),
      ),
    ).toBe(ADD_LEAF);
    expect(layerLeaf(add)).toBe(ADD_LEAF);
  });

  it("refuses a field its packed width would wrap", () => {
    expect(() => layerLeafFromFields({ ...convFields, H: 65536 })).toThrow(
      /H = 65536 does not fit/,
    );
    expect(() => layerLeafFromFields({ ...convFields, kh: 256 })).toThrow(/kh = 256/);
    expect(() => layerLeafFromFields({ ...convFields, M: -1 })).toThrow(/M = -1/);
  });

  it("filters: leaf = int8 [Cin][kh][kw] ++ int32 bias, root over Cout leaves", () => {
    const layer: Conv2dLayer = {
      ...convFields,
      Cin: 1,
      kh: 2,
      kw: 2,
      Cout: 2,
      weights: Int8Array.from([1, -1, 127, -128, 0, 1, 2, 3]),
      bias: Int32Array.from([-2, 5]),
    };
    expect(filterLeaf(layer.weights.subarray(0, 4), -2)).toBe(keccak256("0x01ff7f80fffffffe"));
    expect(filterLeaves(layer)[1]).toBe(keccak256("0x0001020300000005"));
    expect(filtersRoot(layer)).toBe(merkleRoot(filterLeaves(layer)));
    expect(filterLeaf(Int8Array.from([1, -1, 127, -128]), -2)).toBe(
      rowLeaf(Int8Array.from([1, -1, 127, -128]), -2),
    );
    expect(layerLeafFields(layer)).toMatchObject({
      kind: "conv2d",
      filtersRoot: filtersRoot(layer),
    });
  });
});

describe("element witnesses of every kind", () => {
  it("verify against the weight commitment, the filters root and the trace, and recompute y_j", () => {
    const rng = createRng(31);
    const seen = new Set<string>();
    for (let m = 0; m < 30; m++) {
      const model: AnyModel = randomSpatialModel(rng, { depth: rng.int(3, 7) });
      const input = randomInt8s(rng, shapeSize(model.inputShape ?? [0, 0, 0]));
      const trace = execute(model, input);
      const hidden = trace.slice(1, -1).map(activationHash);
      for (let l = 1; l <= model.layers.length; l++) {
        const y = trace[l] as Int8Array;
        const j = rng.int(0, y.length - 1);
        const w = elementStepWitness(model, trace, l, j);
        const e = w.element;
        seen.add(e.kind);
        expect(w.expected).toBe(y[j]);
        expect(e.layerLeaf).toBe(layerLeafFromFields(e.layerFields));
        expect(verifyMerkleProof(e.layerLeaf, l - 1, e.layerProof, e.weightCommitment)).toBe(true);
        if (e.kind === "conv2d") {
          expect(e.filterLeaf).toBe(
            filterLeaf(Int8Array.from(Buffer.from(e.filter.slice(2), "hex")), e.bias),
          );
          expect(
            verifyMerkleProof(e.filterLeaf, e.channel, e.filterProof, e.layerFields.filtersRoot),
          ).toBe(true);
        }
        if (e.kind === "dense") {
          expect(verifyMerkleProof(e.rowLeaf, j, e.rowProof, e.layerFields.rowsRoot)).toBe(true);
        }
        for (const a of [w.input, w.output, ...(w.skip ? [w.skip] : [])]) {
          expect(a.hash).toBe(activationHash(trace[a.index] as Int8Array));
          if (a.bound === "trace") {
            expect(computeMerkleRoot(a.hash, a.traceIndex, a.proof)).toBe(merkleRoot(hidden));
          }
        }
        if (e.kind === "add") {
          const skip = (model.layers[l - 1] as { skip: number }).skip;
          expect(w.skip?.index).toBe(skip);
          expect(w.skip?.bound).toBe(skip === 0 ? "input" : "trace");
        } else {
          expect(w.skip).toBeUndefined();
        }
      }
    }
    expect(seen).toEqual(new Set(["conv2d", "maxpool", "avgpool", "add", "dense"]));
  });

  it("names a conv element's filter co = j / (Ho*Wo) and rejects elements out of range", () => {
    const layer: Conv2dLayer = {
      ...convFields,
      weights: new Int8Array(3 * 2 * 3 * 2).map((_, i) => i),
      bias: Int32Array.from([1, 2, 3]),
    };
    // Output 3 x 5 x 7: element 35*2 + 4 belongs to channel 2.
    const model: AnyModel = { layers: [layer] };
    const w = elementWitness(model, 1, 74);
    expect(w.kind === "conv2d" && w.channel).toBe(2);
    expect(w.kind === "conv2d" && w.bias).toBe(3);
    expect(() => elementWitness(model, 1, 105)).toThrow(/element 105 out of range \[0, 105\)/);
    expect(() => elementWitness(model, 2, 0)).toThrow(/layer 2 out of range/);
  });
});
