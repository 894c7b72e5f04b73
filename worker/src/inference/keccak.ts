/**
 * keccak256 for the hot path of the trace commitment, from hash-wasm's
 * WebAssembly keccak: on the sizes a trace hashes (a layer's int8 vector, a
 * Merkle node pair) it is several times faster than both a hand-written
 * JavaScript keccak-f and @noble/hashes (bench/keccak.bench.ts).
 * test/unit/keccak.test.ts checks it equal to viem's on every length.
 */
import { createKeccak } from "hash-wasm";

// One instance, reused: Node runs this module's callers on one thread, and no call awaits midway.
const hasher = await createKeccak(256);

/** Writes keccak256(data) into `out` at `outOffset`. */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  hasher.init();
  hasher.update(data);
  out.set(hasher.digest("binary"), outOffset);
}

export function keccak256Bytes(data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}
