/**
 * The README's first job, as a user types it: the `verity` executable posts a handwritten digit,
 * waits for the final result and shows where the escrow went (provider, protocol fee, refund),
 * each amount equal to the chain's JobFinalized event.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { devAccounts } from "@verity/cli/devnet/accounts";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, requireParts } from "./helpers/devnet.js";

const run = promisify(execFile);
let devnet: Connected;

beforeAll(async () => {
  requireParts("worker providerA");
  devnet = await connect();
});

describe("verity job post --wait", () => {
  it("classifies a digit and shows the provider's payment, the protocol fee and the refund", async () => {
    const info = inject("devnet");
    const { stdout } = await run(
      process.execPath,
      [
        join(info.root, "cli/bin/verity.mjs"),
        "job",
        "post",
        "--model",
        String(devnet.modelId),
        "--digit",
        "7",
        "--max-price",
        "5",
        "--wait",
        "--json",
      ],
      {
        env: {
          ...process.env,
          VERITY_RPC_URL: info.rpcUrl,
          VERITY_DEPLOYMENT: info.deploymentFile,
          VERITY_GRAPHQL_URL: info.graphqlUrl ?? "",
          VERITY_PRIVATE_KEY: devAccounts.requester.privateKey,
        },
        timeout: 400_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const posted = JSON.parse(stdout) as {
      jobId: string;
      digitLabel: number;
      result: {
        final: boolean;
        price: string;
        predictedClass?: number;
        settlement: { payment: string; fee: string; refund: string } | null;
      };
    };
    expect(posted.result.final).toBe(true);
    expect(posted.digitLabel).toBe(7);
    // The class the model gave (it is right for ~97% of digits: the MNIST test checks accuracy).
    expect(posted.result.predictedClass).toBeTypeOf("number");

    const settlement = posted.result.settlement;
    if (settlement === null) throw new Error("no settlement in the answer");
    const chain = await devnet.client("requester").getSettlement({ jobId: BigInt(posted.jobId) });
    expect(chain).toBeDefined();
    expect(BigInt(settlement.payment)).toBe(chain?.payment);
    expect(BigInt(settlement.fee)).toBe(chain?.fee);
    expect(BigInt(settlement.refund)).toBe(chain?.refund);
    // The price is split exactly: the provider's payment and the fee; the rest of 5 tUSD comes back.
    const { protocolFeeBps } = await devnet.client("requester").getParameters();
    const price = BigInt(posted.result.price);
    expect(BigInt(settlement.fee)).toBe((price * BigInt(protocolFeeBps)) / 10_000n);
    expect(BigInt(settlement.payment) + BigInt(settlement.fee)).toBe(price);
    expect(BigInt(settlement.refund)).toBe(5_000_000n - price);
  });
});
