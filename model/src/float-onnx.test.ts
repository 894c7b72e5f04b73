import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { floatForward, floatOutputSize } from "./float-model.js";
import { floatModelFromOnnx, floatModelToOnnx } from "./float-onnx.js";
import { randomFloatCnn } from "./float-random.js";
import { AttributeType, DataType, encodeModel, type Node, type Tensor } from "./onnx-proto.js";
import { createRng } from "./random.js";

function node(opType: string, input: string[], output: string, extra: Partial<Node> = {}): Node {
  return { name: `${opType.toLowerCase()}_node`, opType, input, output: [output], ...extra };
}

const ints = (name: string, values: number[]) => ({
  name,
  type: AttributeType.INTS,
  ints: values,
});

function tensor(name: string, dims: number[]): Tensor {
  const count = dims.reduce((a, b) => a * b, 1);
  return {
    name,
    dims,
    dataType: DataType.FLOAT,
    floatData: Array.from({ length: count }, () => 0.1),
  };
}

/** A one-conv graph on a [1, 1, 6, 6] input with the given extra nodes after the conv. */
function convGraph(
  convAttributes: Node["attribute"],
  after: Node[] = [],
  output = "y",
): Uint8Array {
  return encodeModel({
    irVersion: 10,
    opsetImport: [{ version: 21 }],
    graph: {
      node: [node("Conv", ["x", "w"], "c", { attribute: convAttributes ?? [] }), ...after],
      initializer: [tensor("w", [2, 1, 3, 3]), tensor("g", [72, 3])],
      input: [
        {
          name: "x",
          type: {
            tensorType: {
              elemType: DataType.FLOAT,
              shape: { dim: [1, 1, 6, 6].map((d) => ({ dimValue: d })) },
            },
          },
        },
      ],
      output: [{ name: output }],
    },
  });
}

describe("float ONNX CNNs", () => {
  it("writes a float CNN that onnxruntime runs like floatForward, and reads it back unchanged", async () => {
    const rng = createRng(61);
    const model = randomFloatCnn(rng);
    const bytes = floatModelToOnnx(model);
    expect(floatModelFromOnnx(bytes)).toEqual(model);
    const session = await ort.InferenceSession.create(bytes);
    try {
      for (let n = 0; n < 5; n++) {
        const x = Float32Array.from({ length: 2 * 9 * 9 }, () => rng.normal());
        const out = await session.run({ input: new ort.Tensor("float32", x, [1, 2, 9, 9]) });
        const got = Array.from(out.output?.data as Float32Array);
        const want = Array.from(floatForward(model, x).at(-1) as Float64Array);
        expect(got).toHaveLength(floatOutputSize(model.layers.at(-1) as never));
        got.forEach((v, i) => {
          expect(Math.abs(v - (want[i] as number))).toBeLessThan(1e-4);
        });
      }
    } finally {
      await session.release();
    }
  });

  it("fuses Relu into conv and reads Flatten/Reshape before a dense layer", () => {
    const shape: Tensor = {
      name: "shape",
      dims: [2],
      dataType: DataType.INT64,
      int64Data: [1, -1],
    };
    const bytes = encodeModel({
      irVersion: 10,
      opsetImport: [{ version: 21 }],
      graph: {
        node: [
          node("Conv", ["x", "w"], "c", { attribute: [ints("pads", [1, 1, 1, 1])] }),
          node("Relu", ["c"], "r"),
          node("Reshape", ["r", "shape"], "f"),
          node("MatMul", ["f", "d"], "m"),
          node("Add", ["m", "b"], "y"),
        ],
        initializer: [tensor("w", [2, 1, 3, 3]), tensor("d", [72, 3]), tensor("b", [3]), shape],
        input: [
          {
            name: "x",
            type: {
              tensorType: {
                elemType: DataType.FLOAT,
                shape: {
                  dim: [{ dimParam: "N" }, { dimValue: 1 }, { dimValue: 6 }, { dimValue: 6 }],
                },
              },
            },
          },
        ],
        output: [{ name: "y" }],
      },
    });
    const model = floatModelFromOnnx(bytes);
    expect(model.inputShape).toEqual([1, 6, 6]);
    expect(model.layers.map((l) => [l.kind ?? "dense", "relu" in l && l.relu])).toEqual([
      ["conv2d", true],
      ["dense", false],
    ]);
  });

  it("refuses an operator outside the family, naming it and its node", () => {
    expect(() => convGraph([], [node("Sigmoid", ["c"], "y")])).not.toThrow();
    expect(() => floatModelFromOnnx(convGraph([], [node("Sigmoid", ["c"], "y")]))).toThrow(
      /node sigmoid_node \(Sigmoid\): operator Sigmoid is not supported \(supported: Conv, MaxPool/,
    );
    expect(() =>
      floatModelFromOnnx(
        convGraph([], [node("BatchNormalization", ["c", "a", "b", "m", "v"], "y")]),
      ),
    ).toThrow(/operator BatchNormalization is not supported/);
  });

  it("refuses what the integer family cannot express, naming the node", () => {
    const cases: [Node["attribute"], Node[], RegExp][] = [
      [[{ name: "group", type: AttributeType.INT, i: 2 }], [], /conv_node \(Conv\): grouped/],
      [[ints("pads", [1, 0, 1, 0])], [], /pads \[1, 0, 1, 0\] are not supported/],
      [[ints("strides", [1, 2])], [], /strides \[1, 2\] is not supported/],
      [[ints("dilations", [2, 2])], [], /dilated convolution/],
      [
        [],
        [
          node("MaxPool", ["c"], "p", { attribute: [ints("kernel_shape", [2, 2])] }),
          node("Relu", ["p"], "y"),
        ],
        /relu_node \(Relu\): Relu must follow a Conv/,
      ],
      [
        [],
        [
          node("MaxPool", ["c"], "y", {
            attribute: [
              ints("kernel_shape", [2, 2]),
              { name: "ceil_mode", type: AttributeType.INT, i: 1 },
            ],
          }),
        ],
        /ceil_mode 1 is not supported/,
      ],
      [[], [node("Gemm", ["c", "g"], "y")], /a dense layer needs a flattened input/],
    ];
    for (const [attributes, after, message] of cases) {
      expect(() => floatModelFromOnnx(convGraph(attributes, after))).toThrow(message);
    }
  });

  it("refuses a Relu whose pre-activation value another layer also reads", () => {
    const bytes = encodeModel({
      irVersion: 10,
      opsetImport: [{ version: 21 }],
      graph: {
        node: [
          node("Conv", ["x", "w"], "c1", {
            name: "conv1",
            attribute: [ints("pads", [1, 1, 1, 1])],
          }),
          node("Conv", ["c1", "w2"], "c2", {
            name: "conv2",
            attribute: [ints("pads", [1, 1, 1, 1])],
          }),
          node("Add", ["c2", "c1"], "a"),
          node("Relu", ["a"], "y"),
        ],
        initializer: [tensor("w", [2, 1, 3, 3]), tensor("w2", [2, 2, 3, 3])],
        input: [
          {
            name: "x",
            type: {
              tensorType: {
                elemType: DataType.FLOAT,
                shape: { dim: [1, 1, 6, 6].map((d) => ({ dimValue: d })) },
              },
            },
          },
        ],
        output: [{ name: "y" }],
      },
    });
    // A residual block without a Relu on its skip path is fine...
    expect(floatModelFromOnnx(bytes).layers.map((l) => l.kind)).toEqual([
      "conv2d",
      "conv2d",
      "add",
    ]);
    // ...but fusing a Relu into conv1 after the Add read conv1's raw output would change that value.
    const late = encodeModel({
      irVersion: 10,
      opsetImport: [{ version: 21 }],
      graph: {
        node: [
          node("Conv", ["x", "w"], "c1", {
            name: "conv1",
            attribute: [ints("pads", [1, 1, 1, 1])],
          }),
          node("Relu", ["c1"], "r1"),
          node("Conv", ["c1", "w2"], "c2", {
            name: "conv2",
            attribute: [ints("pads", [1, 1, 1, 1])],
          }),
        ],
        initializer: [tensor("w", [2, 1, 3, 3]), tensor("w2", [2, 2, 3, 3])],
        input: [
          {
            name: "x",
            type: {
              tensorType: {
                elemType: DataType.FLOAT,
                shape: { dim: [1, 1, 6, 6].map((d) => ({ dimValue: d })) },
              },
            },
          },
        ],
        output: [{ name: "c2" }],
      },
    });
    expect(() => floatModelFromOnnx(late)).toThrow(
      /conv2 \(Conv\): reads c1, the output of layer 1 before the Relu/,
    );
  });
});
