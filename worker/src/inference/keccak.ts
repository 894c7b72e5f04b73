/**
 * keccak256 for the hot path of the trace commitment, from hash-wasm's
 * WebAssembly sha3 module (keccak is its padding 0x01): on the sizes a trace
 * hashes (a layer's int8 vector, a Merkle node pair) it is several times
 * faster than both a hand-written JavaScript keccak-f and @noble/hashes
 * (bench/keccak.bench.ts). test/unit/keccak.test.ts checks it equal to viem's
 * on every length, on both paths below.
 *
 * The module is called directly where possible: one `Hash_Calculate` call per
 * hash with the digest read in place, instead of hash-wasm's init, update and
 * digest (three calls and a fresh array per hash: about 0.1 us more each, and
 * a trace hashes four to twenty times per job). hash-wasm publishes no API for
 * that, so the module is taken from its own build; if that ever fails (a new
 * layout of the package), the public API is used, with the same results.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createKeccak } from "hash-wasm";

/** What one keccak path offers: hash `data` into `out` at `outOffset`. */
type Keccak = (data: Uint8Array, out: Uint8Array, outOffset: number) => void;

type Sha3Exports = {
  memory: WebAssembly.Memory;
  Hash_GetBuffer(): number;
  Hash_Init(bits: number): void;
  Hash_Update(length: number): void;
  Hash_Final(padding: number): void;
  Hash_Calculate(length: number, bits: number, padding: number): void;
};

const KECCAK_PADDING = 0x01;
/** The module's input buffer (hash-wasm's MAIN_BUFFER_SIZE). */
const BUFFER_BYTES = 16 * 1024;

/** The sha3 module out of hash-wasm's build, or undefined when it cannot be found there. */
export async function directKeccak(): Promise<Keccak | undefined> {
  let exports: Sha3Exports;
  try {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve("hash-wasm/dist/sha3.umd.min.js"), "utf8");
    const base64 = /"(AGFzbQ[A-Za-z0-9+/=]+)"/.exec(source)?.[1];
    if (base64 === undefined) return undefined;
    const { instance } = await WebAssembly.instantiate(Buffer.from(base64, "base64"), {});
    exports = instance.exports as unknown as Sha3Exports;
    if (typeof exports.Hash_Calculate !== "function") return undefined;
  } catch {
    return undefined;
  }
  const offset = exports.Hash_GetBuffer();
  let memory = new Uint8Array(exports.memory.buffer);
  let digest = memory.subarray(offset, offset + 32);
  return (data, out, outOffset) => {
    // The module allocates nothing, so its memory should never grow; if it did, the old views
    // would be detached.
    if (memory.buffer !== exports.memory.buffer) {
      memory = new Uint8Array(exports.memory.buffer);
      digest = memory.subarray(offset, offset + 32);
    }
    if (data.length <= BUFFER_BYTES) {
      memory.set(data, offset);
      exports.Hash_Calculate(data.length, 256, KECCAK_PADDING);
    } else {
      exports.Hash_Init(256);
      for (let read = 0; read < data.length; read += BUFFER_BYTES) {
        const chunk = data.subarray(read, read + BUFFER_BYTES);
        memory.set(chunk, offset);
        exports.Hash_Update(chunk.length);
      }
      exports.Hash_Final(KECCAK_PADDING);
    }
    out.set(digest, outOffset);
  };
}

/** hash-wasm's public API: the fallback, and the reference the test compares with. */
export async function apiKeccak(): Promise<Keccak> {
  // One instance, reused: Node runs this module's callers on one thread, and no call awaits midway.
  const hasher = await createKeccak(256);
  return (data, out, outOffset) => {
    hasher.init();
    hasher.update(data);
    out.set(hasher.digest("binary"), outOffset);
  };
}

const keccak: Keccak = (await directKeccak()) ?? (await apiKeccak());

/** Writes keccak256(data) into `out` at `outOffset`. */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  keccak(data, out, outOffset);
}

export function keccak256Bytes(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak(data, out, 0);
  return out;
}
