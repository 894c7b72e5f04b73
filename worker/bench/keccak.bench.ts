/**
 * keccak256 on the sizes the trace commitment hashes (a layer's int8 vector,
 * a Merkle node pair): @noble/hashes (viem's own) against hash-wasm.
 *
 *   npx tsx bench/keccak.bench.ts [--runs 200000]
 */
import { parseArgs } from "node:util";
import { keccak_256 } from "@noble/hashes/sha3";
import { createKeccak } from "hash-wasm";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200000" } } });
const runs = Number(values.runs);

const wasm = await createKeccak(256);
const candidates: Record<string, (data: Uint8Array) => Uint8Array> = {
  "@noble/hashes keccak_256": (data) => keccak_256(data),
  "hash-wasm createKeccak(256)": (data) => {
    wasm.init();
    wasm.update(data);
    return wasm.digest("binary");
  },
};

console.log("| implementation | bytes | hashes/s | ns/hash |");
console.log("| --- | ---: | ---: | ---: |");
for (const size of [10, 64, 128, 784]) {
  const data = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
  for (const [name, hash] of Object.entries(candidates)) {
    for (let i = 0; i < runs / 10; i++) hash(data);
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) hash(data);
    const ns = Number(process.hrtime.bigint() - started) / runs;
    console.log(`| ${name} | ${size} | ${Math.round(1e9 / ns)} | ${ns.toFixed(0)} |`);
  }
}
