// Gas of one job's lifecycle, measured from the receipts of real transactions on anvil.
//
//   npx tsx tools/gas/lifecycle.mts            # builds, starts anvil, deploys, measures, prints a table
//   npx tsx tools/gas/lifecycle.mts --json     # the same measurements as JSON
//
// The shared harness (@verity/cli/harness) starts anvil and deploys with the real deploy script
// (contracts/script/Deploy.s.sol); SDK actions then walk jobs through post -> commit -> reveal ->
// settle -> submit -> finalize with 1 and with 5 bidders, as an integrator's code would. For each
// transaction it reports the total gas (receipt.gasUsed) and the execution gas: total minus the
// 21,000 intrinsic gas and the calldata cost (4 per zero byte, 16 per other byte; EIP-7623's floor
// of 10 per token is reported when it applies). docs/gas.md explains the lower bounds.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devPrivateKeys } from "@verity/cli/devnet/accounts";
import { fund } from "@verity/cli/devnet/fund";
import { foundryBinary, repoRoot } from "@verity/cli/devnet/paths";
import { deploy, startChain, stopAll } from "@verity/cli/harness";
import { createVerityClient, type Deployment, type VerityClient } from "@verity/sdk";
import {
  createPublicClient,
  createWalletClient,
  type Hash,
  type Hex,
  hexToBytes,
  http,
  keccak256,
  type PublicClient,
  type TransactionReceipt,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

// anvil's development accounts by role: 0 deploys, 1 posts jobs, 2..6 bid, 7 publishes, 8 is the treasury
const key = (i: number) => must(devPrivateKeys[i], `dev account ${i}`);
const treasuryAddress = privateKeyToAccount(key(8)).address;

function calldataGas(data: Hex): { standard: number; floor: number } {
  let zero = 0;
  let other = 0;
  for (const b of hexToBytes(data)) b === 0 ? zero++ : other++;
  const tokens = zero + 4 * other;
  return { standard: 4 * tokens, floor: 10 * tokens };
}

type Row = { step: string; gas: bigint; execution: bigint; calldata: number; floored: boolean };

async function main() {
  const json = process.argv.includes("--json");
  const log = (...a: unknown[]) => {
    if (!json) console.error(...a);
  };
  const root = repoRoot();
  log("building contracts (forge build)...");
  execFileSync(must(foundryBinary(root, "forge"), "forge"), ["build", "--skip", "*/test/*"], {
    cwd: root,
    stdio: "ignore",
  });
  const dir = await mkdtemp(join(tmpdir(), "verity-gas-"));
  try {
    const anvil = await startChain({ dir, extraArgs: ["--hardfork", "prague", "--silent"] });
    log(`anvil on ${anvil.rpcUrl}; deploying with contracts/script/Deploy.s.sol...`);
    const { deployment } = await deploy(anvil, {
      dir,
      env: { VERITY_TREASURY: treasuryAddress },
      forgeArgs: ["--skip", "*/test/*"],
    });
    const rows = await measure(anvil.rpcUrl, deployment, log);
    if (json) {
      console.log(JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    } else {
      print(rows);
    }
  } finally {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(url: string, deployment: Deployment, log: (...a: unknown[]) => void) {
  const transport = http(url);
  const publicClient = createPublicClient({
    chain: foundry,
    transport,
    pollingInterval: 50,
  }) as PublicClient;
  const client = (i: number): VerityClient =>
    createVerityClient({
      publicClient,
      walletClient: createWalletClient({
        account: privateKeyToAccount(key(i)),
        chain: foundry,
        transport,
      }),
      deployment,
    });
  const deployer = client(0);
  const requester = client(1);
  const providers = [2, 3, 4, 5, 6].map(client);
  const publisher = client(7);
  const treasury = client(8);
  const provider = (i: number) => must(providers[i], `provider ${i}`);
  const address = (c: VerityClient) => must(c.walletClient?.account?.address, "wallet account");

  /** The gas of one SDK action's transaction. */
  const row = async (step: string, sent: { hash: Hash; receipt: TransactionReceipt }) => {
    const tx = await publicClient.getTransaction({ hash: sent.hash });
    const cd = calldataGas(tx.input);
    const gas = sent.receipt.gasUsed;
    return {
      step,
      gas,
      execution: gas - 21_000n - BigInt(cd.standard),
      calldata: cd.standard,
      floored: BigInt(21_000 + cd.floor) === gas && cd.floor > cd.standard,
    } satisfies Row;
  };
  /** Mines a block just past `t`: the next action simulates and runs after it. */
  const warpTo = async (t: number) => {
    await publicClient.request({
      method: "evm_setNextBlockTimestamp" as never,
      params: [toHex(t + 1)] as never,
    });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  };

  // ---- setup (not measured)
  log("setting up providers, model and requester...");
  const VRT = 10n ** 18n;
  const stake = 10_000n * VRT;
  await fund(deployer, { to: address(publisher), vrt: 1_000n * VRT });
  const { modelId } = await publisher.registerModel({
    meta: {
      artifactHash: keccak256(toHex("gas-model")),
      weightCommitment: keccak256(toHex("weights")),
      widths: [8, 16, 4],
      computeUnits: 192n,
    },
    uri: "ipfs://model",
  });
  for (const p of providers) {
    await fund(deployer, { to: address(p), vrt: stake });
    await p.register({ metadata: { endpoint: "http://localhost" } });
    await p.stake({ amount: stake });
  }
  await fund(deployer, { to: address(requester), usd: 1_000_000n * 10n ** 6n });

  const INPUT: Hex = "0x0102030405060708";
  const OUTPUT: Hex = "0x0a0b0c0d";
  // The model has one hidden layer: its trace is that layer's hash, which is also the trace root.
  const LAYER_HASHES = [keccak256(toHex("trace"))];
  const MAX_PRICE = 100n * 10n ** 6n;

  // One job through its whole lifecycle. `bids` in reveal order; the lowest price wins.
  const lifecycle = async (label: string, bids: { p: VerityClient; price: bigint }[]) => {
    const out: Row[] = [];
    // Approve "max" once: the per-job approval is not part of the lifecycle.
    const posted = await requester.postJob({
      modelId,
      maxPrice: MAX_PRICE,
      input: INPUT,
      approve: "max",
    });
    out.push(await row("post", posted));
    const jobId = posted.jobId;
    const salted = bids.map((b, i) => ({ ...b, salt: keccak256(toHex(`${label}-${i}`)) }));
    for (const [i, b] of salted.entries()) {
      const commitment = await b.p.bidCommitment({ jobId, price: b.price, salt: b.salt });
      out.push(await row(`commit #${i + 1}`, await b.p.commitBid({ jobId, commitment })));
    }
    await warpTo(posted.commitDeadline);
    for (const [i, b] of salted.entries()) {
      out.push(
        await row(`reveal #${i + 1}`, await b.p.revealBid({ jobId, price: b.price, salt: b.salt })),
      );
    }
    await warpTo(posted.revealDeadline);
    out.push(await row("settle", await requester.settleAuction({ jobId })));
    const job = await requester.getJob({ jobId });
    const winner = must(
      providers.find((p) => address(p) === job.provider),
      "winner",
    );
    out.push(
      await row(
        "submit",
        await winner.submitResult({ jobId, output: OUTPUT, layerHashes: LAYER_HASHES }),
      ),
    );
    const submitted = await requester.getJob({ jobId });
    await warpTo(Number(submitted.deadline));
    out.push(await row("finalize", await requester.finalizeJob({ jobId })));
    return { label, bidders: bids.length, steps: out };
  };

  log("measuring...");
  const M = 10n ** 6n;
  // The first job ever: every slot the lifecycle writes is zero (job counter, escrow balance, credits).
  const cold = await lifecycle("cold: first job in an empty market", [
    { p: provider(0), price: 80n * M },
  ]);
  // Later jobs: the market holds escrow and each payee (provider, requester, treasury) has an
  // unclaimed balance from the jobs before. The same provider wins, at a price below the maximum.
  const one = await lifecycle("warm", [{ p: provider(0), price: 80n * M }]);
  // Five bidders, revealed from the highest price down: every reveal takes the lead (unlocking the
  // previous leader's collateral and locking its own), the costliest order.
  const fiveWorst = await lifecycle(
    "warm, reveals from the highest price down (each reveal takes the lead)",
    [4, 3, 2, 1, 0].map(provider).map((p, i) => ({ p, price: (90n - BigInt(i) * 2n) * M })),
  );
  // Five bidders, the winner revealed first: the other reveals only compare, the cheapest order.
  const fiveBest = await lifecycle(
    "warm, the winner reveals first (later reveals do not lead)",
    [0, 1, 2, 3, 4].map(provider).map((p, i) => ({ p, price: (80n + BigInt(i) * 2n) * M })),
  );
  const claims: Row[] = [];
  for (const who of [provider(0), requester, treasury]) {
    claims.push(await row("claim", await who.claim()));
  }
  return { runs: [cold, one, fiveWorst, fiveBest], claims };
}
type Measured = Awaited<ReturnType<typeof measure>>;
type Run = Measured["runs"][number];

function print({ runs, claims }: Measured) {
  const sum = (rows: Row[], f: (r: Row) => bigint) => rows.reduce((a, r) => a + f(r), 0n);
  for (const run of runs) {
    console.log(`\n${run.label}, ${run.bidders} bidder(s)`);
    console.log("| step | gas (receipt) | execution gas |");
    console.log("| --- | ---: | ---: |");
    for (const r of run.steps)
      console.log(`| ${r.step} | ${r.gas} | ${r.execution}${r.floored ? " (floored)" : ""} |`);
    console.log(
      `| **lifecycle** | **${sum(run.steps, (r) => r.gas)}** | **${sum(run.steps, (r) => r.execution)}** |`,
    );
  }
  console.log("\nclaim (once per payee, for any number of jobs)");
  for (const r of claims) console.log(`| claim | ${r.gas} | ${r.execution} |`);
  const one = must(runs[1], "1-bidder run");
  const worst = must(runs[2], "worst 5-bidder run");
  const best = must(runs[3], "best 5-bidder run");
  const per = (five: Run) => {
    const g = (sum(five.steps, (r) => r.gas) - sum(one.steps, (r) => r.gas)) / 4n;
    const e = (sum(five.steps, (r) => r.execution) - sum(one.steps, (r) => r.execution)) / 4n;
    return `gas ${g}, execution ${e}`;
  };
  console.log(`\nper extra bidder, each reveal leads: ${per(worst)}`);
  console.log(`per extra bidder, later reveals do not lead: ${per(best)}`);
}

main().catch((e: unknown) => {
  const err = e as { shortMessage?: string; message?: string; metaMessages?: string[] };
  console.error(err.shortMessage ?? err.message ?? e, ...(err.metaMessages ?? []));
  process.exit(1);
});
