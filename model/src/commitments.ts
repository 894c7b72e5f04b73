/**
 * Commitments of docs/model-format.md, byte for byte as Solidity's
 * abi.encodePacked would produce them: integers big-endian, int32 as 4-byte
 * two's complement, int8 vectors as raw bytes.
 */

import type { LayerFields } from "@verity/sdk";
import { bytesToHex, type Hex, hexToBytes, keccak256 } from "viem";
import { merkleRoot } from "./merkle.js";
import {
  type SpatialLeafFields,
  spatialLeafFields,
  spatialLeafFromFields,
} from "./spatial-commitments.js";
import { type AnyLayer, type AnyModel, isDenseLayer, type Layer } from "./types.js";

/** An int8 vector as bytes: one two's-complement byte per element (-1 is 0xff). */
export function int8Bytes(values: Int8Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.length);
}

export function int8ToHex(values: Int8Array): Hex {
  return bytesToHex(int8Bytes(values));
}

export function hexToInt8(hex: Hex): Int8Array {
  const bytes = hexToBytes(hex);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Row `j` of the weights (a view, not a copy). */
export function weightRow(layer: Layer, j: number): Int8Array {
  if (!Number.isInteger(j) || j < 0 || j >= layer.N) {
    throw new RangeError(`neuron ${j} out of range [0, ${layer.N})`);
  }
  return layer.weights.subarray(j * layer.K, (j + 1) * layer.K);
}

/** `keccak256(int8 row bytes ++ int32 bias big-endian)`. */
export function rowLeaf(row: Int8Array, bias: number): Hex {
  const packed = new Uint8Array(row.length + 4);
  packed.set(int8Bytes(row), 0);
  new DataView(packed.buffer).setInt32(row.length, bias, false);
  return keccak256(packed);
}

export function rowLeaves(layer: Layer): Hex[] {
  return Array.from({ length: layer.N }, (_, j) =>
    rowLeaf(weightRow(layer, j), layer.bias[j] as number),
  );
}

export function rowsRoot(layer: Layer): Hex {
  return merkleRoot(rowLeaves(layer));
}

/** The fields a layer leaf binds: everything of the layer except the rows themselves (the SDK's type). */
export type LayerLeafFields = LayerFields;

/** Leaf fields of a layer of any kind: dense fields carry no `kind`, v2 fields do. */
export type AnyLayerLeafFields = LayerLeafFields | SpatialLeafFields;

/**
 * Dense: `keccak256(uint32 K ++ uint32 N ++ uint32 M ++ uint8 s ++ uint8 relu ++ bytes32 rowsRoot)`,
 * 46 bytes; the v2 kinds: see spatial-commitments.ts.
 */
export function layerLeafFromFields(fields: AnyLayerLeafFields): Hex {
  if ("kind" in fields) return spatialLeafFromFields(fields);
  // DataView would silently wrap out-of-range values into a different leaf.
  for (const [name, value, max] of [
    ["K", fields.K, 2 ** 32 - 1],
    ["N", fields.N, 2 ** 32 - 1],
    ["M", fields.M, 2 ** 32 - 1],
    ["s", fields.s, 255],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`${name} = ${value} does not fit its packed width`);
    }
  }
  const packed = new Uint8Array(46);
  const view = new DataView(packed.buffer);
  view.setUint32(0, fields.K, false);
  view.setUint32(4, fields.N, false);
  view.setUint32(8, fields.M, false);
  view.setUint8(12, fields.s);
  view.setUint8(13, fields.relu ? 1 : 0);
  const root = hexToBytes(fields.rowsRoot);
  if (root.length !== 32) throw new Error(`rowsRoot must be 32 bytes, got ${root.length}`);
  packed.set(root, 14);
  return keccak256(packed);
}

export function layerLeafFields(layer: Layer): LayerLeafFields;
export function layerLeafFields(layer: AnyLayer): AnyLayerLeafFields;
export function layerLeafFields(layer: AnyLayer): AnyLayerLeafFields {
  if (!isDenseLayer(layer)) return spatialLeafFields(layer);
  const { K, N, M, s, relu } = layer;
  return { K, N, M, s, relu, rowsRoot: rowsRoot(layer) };
}

export function layerLeaf(layer: AnyLayer): Hex {
  return layerLeafFromFields(layerLeafFields(layer));
}

export function layerLeaves(model: AnyModel): Hex[] {
  return model.layers.map(layerLeaf);
}

/** Merkle root over the layer leaves: the value the model registry stores. */
export function weightCommitment(model: AnyModel): Hex {
  return merkleRoot(layerLeaves(model));
}

/** `h_l = keccak256(a_l bytes)`; `h_0` is a job's input hash, `h_L` its output hash. */
export function activationHash(activation: Int8Array): Hex {
  return keccak256(int8Bytes(activation));
}

/** `[h_0, ..., h_L]` of a trace `[a_0, ..., a_L]`: what a provider publishes with its result. */
export function activationHashes(activations: readonly Int8Array[]): Hex[] {
  return activations.map(activationHash);
}

/**
 * Merkle root over the hidden activation hashes `h_1 .. h_{L-1}` of
 * `activations = [a_0, ..., a_L]` (bytes32(0) for a one-layer model): the ends
 * are already bound by the job's input and output hashes.
 */
export function traceCommitment(activations: readonly Int8Array[]): Hex {
  if (activations.length < 2) throw new Error("a trace holds at least a_0 and a_1");
  return merkleRoot(activations.slice(1, -1).map(activationHash));
}
