// Gas of one job's lifecycle, measured from the receipts of real transactions on anvil.
//
//   npx tsx tools/gas/lifecycle.mts            # builds, starts anvil, deploys, measures, prints a table
//   npx tsx tools/gas/lifecycle.mts --json     # the same measurements as JSON
//
// It deploys with the real deploy script (contracts/script/Deploy.s.sol), then walks jobs through
// post -> commit -> reveal -> settle -> submit -> finalize with 1 and with 5 bidders, and reports for
// each transaction the total gas (receipt.gasUsed) and the execution gas: total minus the 21,000
// intrinsic gas and the calldata cost (4 per zero byte, 16 per other byte; EIP-7623's floor of 10
// per token is reported when it applies). docs/gas.md explains the lower bounds.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  hexToBytes,
  http,
  keccak256,
  maxUint256,
  type PublicClient,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (tool: string) =>
  join(root, "node_modules", "@foundry-rs", `${tool}-linux-amd64`, "bin", tool);
const CHAIN_ID = 31338; // not 31337, so that deployments/31337.json of a running devnet is left alone

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

// anvil's development accounts (the public test mnemonic every anvil starts with)
const MNEMONIC = "test test test test test test test test test test test junk";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const deployer = account(0);
const requester = account(1);
const providers = [2, 3, 4, 5, 6].map(account);
const publisher = account(7);
const treasury = account(8);
const provider = (i: number) => must(providers[i], `provider ${i}`);
const deployerKey = toHex(must(deployer.getHdKey().privateKey, "deployer key"));

const artifact = (name: string): Abi =>
  JSON.parse(readFileSync(join(root, "contracts", "out", `${name}.sol`, `${name}.json`), "utf8"))
    .abi as Abi;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForRpc(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("anvil did not start");
}

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
  log("building contracts (forge build)...");
  execFileSync(bin("forge"), ["build", "--skip", "*/test/*"], { cwd: root, stdio: "ignore" });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const anvil: ChildProcess = spawn(
    bin("anvil"),
    ["--port", String(port), "--chain-id", String(CHAIN_ID), "--hardfork", "prague", "--silent"],
    { stdio: "ignore" },
  );
  const stop = () => anvil.kill("SIGINT");
  process.on("exit", stop);
  try {
    await waitForRpc(url);
    log(`anvil on ${url}; deploying with contracts/script/Deploy.s.sol...`);
    execFileSync(
      bin("forge"),
      [
        "script",
        "contracts/script/Deploy.s.sol",
        "--rpc-url",
        url,
        "--broadcast",
        "--private-key",
        deployerKey,
        "--skip",
        "*/test/*",
      ],
      { cwd: root, stdio: "ignore", env: { ...process.env, VERITY_TREASURY: treasury.address } },
    );
    const dep = JSON.parse(
      readFileSync(join(root, "deployments", `${CHAIN_ID}.json`), "utf8"),
    ) as Record<string, Address>;
    const rows = await measure(url, dep, log);
    if (json) {
      console.log(JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    } else {
      print(rows);
    }
  } finally {
    stop();
  }
}

async function measure(url: string, dep: Record<string, Address>, log: (...a: unknown[]) => void) {
  const pub = createPublicClient({
    chain: { ...foundry, id: CHAIN_ID },
    transport: http(url),
  }) as PublicClient;
  const chain = { ...foundry, id: CHAIN_ID };
  const at = (key: string, name: string) => ({ address: must(dep[key], key), abi: artifact(name) });
  const token = at("token", "VerityToken");
  const usd = at("paymentToken", "TestStablecoin");
  const staking = at("staking", "Staking");
  const models = at("modelRegistry", "ModelRegistry");
  const market = at("jobMarket", "JobMarket");
  const params = at("parameters", "Parameters");

  const send = async (
    who: (typeof providers)[number],
    c: { address: Address; abi: Abi },
    functionName: string,
    args: unknown[],
  ): Promise<Row & { hash: Hex }> => {
    const wallet = createWalletClient({ account: who, chain, transport: http(url) });
    const hash = await wallet.writeContract({
      address: c.address,
      abi: c.abi,
      functionName,
      args,
      chain,
    } as never);
    const receipt = await pub.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    const tx = await pub.getTransaction({ hash });
    const cd = calldataGas(tx.input);
    const gas = receipt.gasUsed;
    const floored = BigInt(21_000 + cd.floor) === gas && cd.floor > cd.standard;
    return {
      step: functionName,
      gas,
      execution: gas - 21_000n - BigInt(cd.standard),
      calldata: cd.standard,
      floored,
      hash,
    };
  };
  const warpTo = async (t: bigint) => {
    await pub.request({
      method: "evm_setNextBlockTimestamp" as never,
      params: [toHex(t)] as never,
    });
  };
  const read = (c: { address: Address; abi: Abi }, functionName: string, args: unknown[] = []) =>
    pub.readContract({
      address: c.address,
      abi: c.abi,
      functionName,
      args,
    } as never) as Promise<unknown>;

  // ---- setup (not measured)
  log("setting up providers, model and requester...");
  const bond = (await read(params, "modelRegistrationBond")) as bigint;
  await send(deployer, token, "transfer", [publisher.address, bond]);
  await send(publisher, token, "approve", [models.address, maxUint256]);
  await send(publisher, models, "registerModel", [
    {
      artifactHash: keccak256(toHex("gas-model")),
      uri: "ipfs://model",
      kind: 1,
      widths: [8, 16, 4],
      weightCommitment: keccak256(toHex("weights")),
      computeUnits: 192n,
    },
  ]);
  const modelId = (await read(models, "modelCount")) as bigint;
  for (const p of providers) {
    await send(deployer, token, "transfer", [p.address, 10_000n * 10n ** 18n]);
    await send(p, staking, "register", ['{"endpoint":"http://localhost"}']);
    await send(p, token, "approve", [staking.address, maxUint256]);
    await send(p, staking, "stake", [10_000n * 10n ** 18n]);
  }
  await send(requester, usd, "mint", [requester.address, 1_000_000n * 10n ** 6n]);
  await send(requester, usd, "approve", [market.address, maxUint256]);

  const INPUT: Hex = "0x0102030405060708";
  const OUTPUT: Hex = "0x0a0b0c0d";
  // The model has one hidden layer: its trace is one hash, which is also the trace root.
  const TRACE = keccak256(toHex("trace"));
  const MAX_PRICE = 100n * 10n ** 6n;

  type Job = {
    requester: Address;
    commitDeadline: number;
    revealDeadline: number;
    deadline: number;
    provider: Address;
  };
  const job = async (id: bigint) => (await read(market, "getJob", [id])) as Job;

  // One job through its whole lifecycle. `bids` in reveal order; the lowest price wins.
  const lifecycle = async (
    label: string,
    bids: { p: (typeof providers)[number]; price: bigint }[],
  ) => {
    const out: (Row & { hash: Hex })[] = [];
    const r = await send(requester, market, "postJob", [
      {
        modelId,
        maxPrice: MAX_PRICE,
        executionWindow: 600n,
        consumer: "0x0000000000000000000000000000000000000000",
        callbackGasLimit: 0n,
        reauction: false,
      },
      INPUT,
    ]);
    out.push({ ...r, step: "post" });
    const id = (await read(market, "jobCount")) as bigint;
    const salted = bids.map((b, i) => ({ ...b, salt: keccak256(toHex(`${label}-${i}`)) }));
    for (const [i, b] of salted.entries()) {
      const c = (await read(market, "bidCommitment", [id, 0, b.p.address, b.price, b.salt])) as Hex;
      out.push({ ...(await send(b.p, market, "commitBid", [id, c])), step: `commit #${i + 1}` });
    }
    await warpTo(BigInt((await job(id)).commitDeadline) + 1n);
    for (const [i, b] of salted.entries()) {
      out.push({
        ...(await send(b.p, market, "revealBid", [id, b.price, b.salt])),
        step: `reveal #${i + 1}`,
      });
    }
    await warpTo(BigInt((await job(id)).revealDeadline) + 1n);
    out.push({ ...(await send(requester, market, "settleAuction", [id])), step: "settle" });
    const winner = (await job(id)).provider;
    const w = must(
      providers.find((p) => p.address === winner),
      "winner",
    );
    out.push({ ...(await send(w, market, "submitResult", [id, OUTPUT, [TRACE]])), step: "submit" });
    await warpTo(BigInt((await job(id)).deadline) + 1n);
    out.push({
      ...(await send(requester, market, "finalize", [id, keccak256(OUTPUT), TRACE, OUTPUT])),
      step: "finalize",
    });
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
    claims.push({ ...(await send(who, market, "claim", [])), step: "claim" });
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
