/** `verity claim`: withdraw payment token credited by the job market. */
import { parse } from "../args.js";
import { chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { amount, keyValues, type Output } from "../output.js";

export const claimUsage = `usage:
  verity claim        withdraw what the job market credited to you (payments, refunds)

${chainOptionsHelp}`;

export async function claimCommand(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions }, claimUsage);
  const ctx = await cliContext(values, "requester", output);
  const owed = await ctx.client.claimable();
  if (owed === 0n) {
    output.result({ amount: 0n }, () => output.line("nothing to claim"));
    return;
  }
  const { hash, amount: value } = await output.step("claim", () => ctx.client.claim());
  output.result({ amount: value, transactionHash: hash }, () =>
    output.line(keyValues([["claimed", amount(value, ctx.payment.decimals, ctx.payment.symbol)]])),
  );
}
