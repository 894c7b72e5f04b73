import { createRng } from "../src/random.js";
import { Cnn, type CnnLayerSpec } from "./lib/cnn.js";
import { loadMnist } from "./lib/mnist-data.js";

const [c1, c2, epochs, hidden] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
];
const { train, test } = loadMnist(100);
const rng = createRng(1);
const specs: CnnLayerSpec[] = [
  { kind: "conv2d", Cout: c1, kernel: 3, pad: 1, relu: true },
  { kind: "maxpool", kernel: 2, stride: 2 },
  { kind: "conv2d", Cout: c2, kernel: 3, pad: 1, relu: true },
  { kind: "maxpool", kernel: 2, stride: 2 },
  ...(hidden > 0 ? [{ kind: "dense" as const, N: hidden, relu: true }] : []),
  { kind: "dense", N: 10, relu: false },
];
const cnn = new Cnn({ C: 1, H: 28, W: 28 }, specs, rng);
const t0 = performance.now();
cnn.train(
  train,
  {
    epochs,
    batchSize: 32,
    learningRate: 2e-3,
    maxShift: 2,
    onEpoch: (e, loss, acc) =>
      console.log(
        `epoch ${e} loss ${loss.toFixed(4)} train ${(acc * 100).toFixed(2)} test ${(cnn.accuracy(test) * 100).toFixed(2)} ${((performance.now() - t0) / 1000).toFixed(1)}s`,
      ),
  },
  rng,
);
