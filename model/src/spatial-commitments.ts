/**
 * Layer leaves of the v2 kinds (docs/model-format.md, "v2 commitments"), byte
 * for byte as Solidity's abi.encodePacked of the typed fields: a leading kind
 * tag, then big-endian integers. The tag and the preimage lengths (conv2d 51
 * bytes, pools 10, add 19, against dense's 46 untagged) keep kinds apart: a
 * verifier rebuilds the leaf from the fields of one kind, so a leaf of one kind
 * is never read as another.
 *
 * A conv's filters are committed like a dense layer's rows: filter leaf
 * `keccak256(int8 [Cin][kh][kw] bytes ++ int32 bias[co])`, and `filtersRoot` the
 * positional Merkle root over the Cout filter leaves.
 */
import { type Hex, hexToBytes, keccak256 } from "viem";
import { merkleRoot } from "./merkle.js";
import type { AddLayer, Conv2dLayer, PoolLayer } from "./types.js";

export const KIND_TAG = { conv2d: 1, maxpool: 2, avgpool: 3, add: 4 } as const;

export type Conv2dLeafFields = Omit<Conv2dLayer, "weights" | "bias"> & { filtersRoot: Hex };
export type PoolLeafFields = PoolLayer;
export type AddLeafFields = AddLayer;
export type SpatialLeafFields = Conv2dLeafFields | PoolLeafFields | AddLeafFields;

/** Filter `co` of a conv: `Cin*kh*kw` int8 weights (a view, not a copy). */
export function convFilter(layer: Conv2dLayer, co: number): Int8Array {
  if (!Number.isInteger(co) || co < 0 || co >= layer.Cout) {
    throw new RangeError(`output channel ${co} out of range [0, ${layer.Cout})`);
  }
  const size = layer.Cin * layer.kh * layer.kw;
  return layer.weights.subarray(co * size, (co + 1) * size);
}

/** `keccak256(int8 filter bytes ++ int32 bias big-endian)`: the same form as a dense row leaf. */
export function filterLeaf(filter: Int8Array, bias: number): Hex {
  const packed = new Uint8Array(filter.length + 4);
  packed.set(new Uint8Array(filter.buffer, filter.byteOffset, filter.length), 0);
  new DataView(packed.buffer).setInt32(filter.length, bias, false);
  return keccak256(packed);
}

export function filterLeaves(layer: Conv2dLayer): Hex[] {
  return Array.from({ length: layer.Cout }, (_, co) =>
    filterLeaf(convFilter(layer, co), layer.bias[co] as number),
  );
}

export function filtersRoot(layer: Conv2dLayer): Hex {
  return merkleRoot(filterLeaves(layer));
}

export function spatialLeafFields(layer: Conv2dLayer | PoolLayer | AddLayer): SpatialLeafFields {
  switch (layer.kind) {
    case "conv2d": {
      const { weights: _w, bias: _b, ...fields } = layer;
      return { ...fields, filtersRoot: filtersRoot(layer) };
    }
    case "maxpool":
    case "avgpool": {
      const { kind, C, H, W, kh, kw, stride } = layer;
      return { kind, C, H, W, kh, kw, stride };
    }
    default: {
      const { kind, C, H, W, skip, Ma, Mb, s, relu } = layer;
      return { kind, C, H, W, skip, Ma, Mb, s, relu };
    }
  }
}

/** Big-endian packer that refuses a value its width would silently wrap into another leaf. */
class Packer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }
  private check(name: string, value: number, max: number): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`${name} = ${value} does not fit its packed width`);
    }
  }
  u8(name: string, value: number): this {
    this.check(name, value, 0xff);
    this.view.setUint8(this.offset, value);
    this.offset += 1;
    return this;
  }
  u16(name: string, value: number): this {
    this.check(name, value, 0xffff);
    this.view.setUint16(this.offset, value, false);
    this.offset += 2;
    return this;
  }
  u32(name: string, value: number): this {
    this.check(name, value, 0xffffffff);
    this.view.setUint32(this.offset, value, false);
    this.offset += 4;
    return this;
  }
  bool(value: boolean): this {
    return this.u8("bool", value ? 1 : 0);
  }
  bytes32(name: string, value: Hex): this {
    const bytes = hexToBytes(value);
    if (bytes.length !== 32) throw new Error(`${name} must be 32 bytes, got ${bytes.length}`);
    this.bytes.set(bytes, this.offset);
    this.offset += 32;
    return this;
  }
  done(): Uint8Array {
    if (this.offset !== this.bytes.length) {
      throw new Error(`packed ${this.offset} bytes into a ${this.bytes.length}-byte leaf`);
    }
    return this.bytes;
  }
}

/** The packed preimage of a v2 layer leaf (exposed for the Solidity vectors and tests). */
export function spatialLeafPreimage(fields: SpatialLeafFields): Uint8Array {
  switch (fields.kind) {
    case "conv2d":
      return new Packer(51)
        .u8("kind", KIND_TAG.conv2d)
        .u16("Cin", fields.Cin)
        .u16("H", fields.H)
        .u16("W", fields.W)
        .u16("Cout", fields.Cout)
        .u8("kh", fields.kh)
        .u8("kw", fields.kw)
        .u8("stride", fields.stride)
        .u8("pad", fields.pad)
        .u32("M", fields.M)
        .u8("s", fields.s)
        .bool(fields.relu)
        .bytes32("filtersRoot", fields.filtersRoot)
        .done();
    case "maxpool":
    case "avgpool":
      return new Packer(10)
        .u8("kind", KIND_TAG[fields.kind])
        .u16("C", fields.C)
        .u16("H", fields.H)
        .u16("W", fields.W)
        .u8("kh", fields.kh)
        .u8("kw", fields.kw)
        .u8("stride", fields.stride)
        .done();
    default:
      return new Packer(19)
        .u8("kind", KIND_TAG.add)
        .u16("C", fields.C)
        .u16("H", fields.H)
        .u16("W", fields.W)
        .u16("skip", fields.skip)
        .u32("Ma", fields.Ma)
        .u32("Mb", fields.Mb)
        .u8("s", fields.s)
        .bool(fields.relu)
        .done();
  }
}

export function spatialLeafFromFields(fields: SpatialLeafFields): Hex {
  return keccak256(spatialLeafPreimage(fields));
}
