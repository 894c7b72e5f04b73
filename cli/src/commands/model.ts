/** `verity model register|show|quantize`: publishing verifiable models. */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse, parseId } from "../args.js";
import { chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { color, keyValues, type Output, vrt } from "../output.js";

export const modelUsage = `usage:
  verity model register --meta <file.meta.json> [--uri <uri>] [--kind IntegerDense|Float]
  verity model show <modelId>
  verity model quantize --float <model.json|model.onnx> --calib <calib.json> --out <dir> [...]
                        (the model toolchain: run \`verity model quantize --help\` for its options)

  --meta   the meta JSON the toolchain writes beside the ONNX file (artifact hash, widths, weight commitment)
  --uri    where the model file can be fetched (default file://<onnx name>)

${chainOptionsHelp}
  (on a devnet these act as the deployer unless --account or --private-key says otherwise)`;

export async function modelCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "register":
      return register(rest, output);
    case "show":
      return show(rest, output);
    case "quantize":
      return quantize(rest, output);
    default:
      throw new UsageError(
        sub === undefined ? "verity model needs a subcommand" : `unknown subcommand "model ${sub}"`,
        modelUsage,
      );
  }
}

async function register(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...chainOptions,
      meta: { type: "string" },
      uri: { type: "string" },
      kind: { type: "string" },
    },
    modelUsage,
  );
  if (values.meta === undefined)
    throw new UsageError("--meta <file.meta.json> is required", modelUsage);
  if (values.kind !== undefined && values.kind !== "IntegerDense" && values.kind !== "Float") {
    throw new UsageError(`--kind must be IntegerDense or Float, got "${values.kind}"`, modelUsage);
  }
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(await readFile(values.meta, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read ${values.meta} as JSON: ${(error as Error).message}`);
  }
  const uri = values.uri ?? `file://${basename(values.meta).replace(/\.meta\.json$/, ".onnx")}`;
  const ctx = await cliContext(values, "deployer", output);
  const registered = await output.step(`register ${basename(values.meta)}`, () =>
    ctx.client.registerModel({
      meta: meta as never,
      uri,
      ...(values.kind ? { kind: values.kind as "IntegerDense" | "Float" } : {}),
    }),
  );
  output.result(
    { modelId: registered.modelId, bond: registered.bond, transactionHash: registered.hash, uri },
    () => {
      output.line(
        keyValues([
          ["model", color.bold(String(registered.modelId))],
          ["uri", uri],
          ["bond", vrt(registered.bond)],
          ["transaction", registered.hash],
        ]),
      );
    },
  );
}

async function show(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, modelUsage);
  const modelId = parseId(positionals[0], "model", modelUsage);
  const ctx = await cliContext(values, "deployer", output);
  const model = await ctx.client.getModel({ modelId });
  output.result(model, () =>
    output.line(
      keyValues([
        ["model", color.bold(String(model.id))],
        ["kind", model.kind],
        ["active", model.active ? "yes" : "no (retired)"],
        ["layers", String(model.layerCount)],
        ["compute units", String(model.computeUnits)],
        ["publisher", model.publisher],
        ["artifact hash", model.artifactHash],
        ["weight commitment", model.weightCommitment],
        ["bond", vrt(model.bond)],
      ]),
    ),
  );
}

/** Hands over to the model toolchain's own CLI (`@verity/model/quantize-cli`), which owns its options. */
async function quantize(argv: readonly string[], output: Output): Promise<void> {
  // Loaded on demand: the toolchain brings onnxruntime, which the other commands do not need.
  const { runCli: runModelCli, USAGE } = await import("@verity/model/quantize-cli");
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE.replace("verity-model quantize", "verity model quantize")}\n`);
    return;
  }
  const args = output.json && !argv.includes("--json") ? [...argv, "--json"] : [...argv];
  const code = await runModelCli(["quantize", ...args], {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  if (code !== 0) process.exitCode = code;
}
