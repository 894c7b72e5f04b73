/**
 * The file of a ResultRecord. Its bulk is the activations (12.6 KB of int8 for the sample CNN),
 * so it is binary: as JSON they were hex, twice the bytes, and encoding them cost each job about
 * a quarter of its trace and record time (docs/worker.md, "Benchmarks").
 *
 *   "VRT1" | header length (u32, little-endian) | header | a_0 | a_1 | ... | a_L
 *
 * The header is JSON: the record without its activations, plus `activationLengths`. Records written
 * by earlier workers (`<key>.json`, activations as hex) still load (`decodeLegacyResult`).
 */
import { type Hex, hexToBytes } from "viem";
import { StateStoreError } from "../errors.js";
import { parseJson } from "./durable.js";
import type { ResultRecord } from "./records.js";

const MAGIC = Buffer.from("VRT1", "latin1");
const PREFIX_BYTES = MAGIC.length + 4;

type Header = Omit<ResultRecord, "activations"> & { activationLengths: number[] };

export function encodeResult(record: ResultRecord): Uint8Array {
  const { activations, ...rest } = record;
  // No replacer: a JSON.stringify replacer is called for every key and value, and this runs on
  // every job's path; jobId is the record's one bigint.
  const header = JSON.stringify({
    ...rest,
    jobId: `${rest.jobId}n`,
    activationLengths: activations.map((a) => a.length),
  });
  const headerBytes = Buffer.byteLength(header, "utf8");
  let total = PREFIX_BYTES + headerBytes;
  for (const a of activations) total += a.length;
  const out = Buffer.allocUnsafe(total);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes, MAGIC.length);
  out.write(header, PREFIX_BYTES, "utf8");
  // One int8 view over the whole file: each activation is then a plain copy.
  const body = new Int8Array(out.buffer, out.byteOffset, out.length);
  let at = PREFIX_BYTES + headerBytes;
  for (const a of activations) {
    body.set(a, at);
    at += a.length;
  }
  return out;
}

export function decodeResult(data: Uint8Array, path: string): ResultRecord {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  const corrupt = (why: string) => new StateStoreError(`Corrupt state file ${path}: ${why}`);
  if (bytes.length < PREFIX_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw corrupt("not a result record (no VRT1 prefix)");
  const headerEnd = PREFIX_BYTES + bytes.readUInt32LE(MAGIC.length);
  if (headerEnd > bytes.length) throw corrupt("its header runs past the end");
  const { activationLengths, ...rest } = parseJson<Header>(
    bytes.subarray(PREFIX_BYTES, headerEnd).toString("utf8"),
    path,
  );
  if (
    !Array.isArray(activationLengths) ||
    !activationLengths.every((n) => Number.isInteger(n) && n >= 0)
  )
    throw corrupt("its header has no activation lengths");
  const total = activationLengths.reduce((sum, n) => sum + n, 0);
  if (headerEnd + total !== bytes.length)
    throw corrupt(`${bytes.length - headerEnd} activation bytes, the header says ${total}`);
  const activations: Int8Array[] = [];
  let at = headerEnd;
  for (const length of activationLengths) {
    // A copy: the record outlives the file's buffer, and must not pin it.
    activations.push(
      new Int8Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + length)),
    );
    at += length;
  }
  return { ...rest, activations };
}

/** A record of the earlier JSON format, whose activations were hex. */
export function decodeLegacyResult(data: Uint8Array, path: string): ResultRecord {
  const json = parseJson<Omit<ResultRecord, "activations"> & { activations: Hex[] }>(
    Buffer.from(data.buffer, data.byteOffset, data.length).toString("utf8"),
    path,
  );
  return {
    ...json,
    activations: json.activations.map((a) => {
      const bytes = hexToBytes(a);
      return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }),
  };
}
