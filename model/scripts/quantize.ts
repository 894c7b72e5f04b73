// `npm run quantize -w @verity/model -- ...`: the toolchain's command line without the CLI package.
import { runCli } from "../src/quantize-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
