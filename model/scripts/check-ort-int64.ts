/**
 * Reproduces why the exported graph clamps with Greater/Less + Where instead of
 * Clip: runs each int64 operator the integer layer could use on 200,000 random
 * values (magnitudes spread over 2^0 .. 2^62) in one tensor, so that
 * onnxruntime takes its vectorized path, and counts wrong results per |v| bit length.
 *
 * Usage: npx tsx model/scripts/check-ort-int64.ts
 */
import ort from "onnxruntime-node";
import { DataType, encodeModel, type Node, type Tensor } from "../src/onnx-proto.js";
import { createRng } from "../src/random.js";

const COUNT = 200_000;
const rng = createRng(42);

function randomInt64(): bigint {
  const bits = rng.int(0, 62);
  let v =
    BigInt(Math.floor(rng.next() * 2 ** Math.min(bits, 52))) << BigInt(Math.max(0, bits - 52));
  v += BigInt(rng.int(0, 1000));
  return rng.next() < 0.5 ? -v : v;
}

function int64Scalar(name: string, value: bigint): Tensor {
  const raw = new Uint8Array(8);
  new DataView(raw.buffer).setBigInt64(0, value, true);
  return { name, dims: [], dataType: DataType.INT64, rawData: raw };
}

const x = BigInt64Array.from({ length: COUNT }, randomInt64);
const clamp = (v: bigint) => (v < -128n ? -128n : v > 127n ? 127n : v);

const cases: { name: string; nodes: Node[]; expected: (v: bigint) => bigint }[] = [
  {
    name: "Clip(x, -128, 127)",
    nodes: [{ opType: "Clip", input: ["x", "lo", "hi"], output: ["y"] }],
    expected: clamp,
  },
  {
    name: "Max(x, -128)",
    nodes: [{ opType: "Max", input: ["x", "lo"], output: ["y"] }],
    expected: (v) => (v < -128n ? -128n : v),
  },
  {
    name: "Min(x, 127)",
    nodes: [{ opType: "Min", input: ["x", "hi"], output: ["y"] }],
    expected: (v) => (v > 127n ? 127n : v),
  },
  {
    name: "Greater/Less + Where",
    nodes: [
      { opType: "Greater", input: ["x", "hi"], output: ["above"] },
      { opType: "Where", input: ["above", "hi", "x"], output: ["capped"] },
      { opType: "Less", input: ["capped", "lo"], output: ["below"] },
      { opType: "Where", input: ["below", "lo", "capped"], output: ["y"] },
    ],
    expected: clamp,
  },
];

const value = (name: string) => ({
  name,
  type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimValue: COUNT }] } } },
});

console.log(`onnxruntime-node ${ort.env.versions.node ?? "?"}, ${COUNT} random int64 values`);
for (const c of cases) {
  const bytes = encodeModel({
    irVersion: 10,
    opsetImport: [{ domain: "", version: 21 }],
    graph: {
      name: "check",
      node: c.nodes,
      initializer: [int64Scalar("lo", -128n), int64Scalar("hi", 127n)],
      input: [value("x")],
      output: [value("y")],
    },
  });
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const result = await session.run({ x: new ort.Tensor("int64", x, [COUNT]) });
  const y = result.y?.data as BigInt64Array;
  const wrongByBits = new Map<number, number>();
  x.forEach((v, i) => {
    if (y[i] !== c.expected(v)) {
      const bits = (v < 0n ? -v : v).toString(2).length;
      wrongByBits.set(bits, (wrongByBits.get(bits) ?? 0) + 1);
    }
  });
  const wrong = [...wrongByBits.values()].reduce((a, b) => a + b, 0);
  const where = [...wrongByBits].map(([bits, n]) => `${n} with |v| of ${bits} bits`).join(", ");
  console.log(`${c.name.padEnd(22)} ${wrong} wrong${wrong ? ` (${where})` : ""}`);
  await session.release();
}
