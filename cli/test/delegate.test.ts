import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccounts } from "../src/devnet/accounts.js";
import { fund } from "../src/devnet/fund.js";
import { startTestChain, type TestChain } from "./helpers/chain.js";
import { setupMarket } from "./helpers/market.js";
import { verity } from "./helpers/run.js";

let chain: TestChain;
const VRT = (n: bigint) => n * 10n ** 18n;
const providerA = devAccounts.providerA.address;

beforeAll(async () => {
  chain = await startTestChain();
  await setupMarket(chain);
  await fund(chain.client("deployer"), { to: devAccounts.spare.address, vrt: VRT(1000n) });
});
afterAll(async () => {
  await chain?.stop();
});
afterEach(() => {
  process.exitCode = undefined;
});

const on = (key: keyof typeof devAccounts) => [
  "--rpc",
  chain.anvil.rpcUrl,
  "--deployment",
  chain.deploymentFile,
  "--private-key",
  devAccounts[key].privateKey,
];

describe("verity delegate", () => {
  it("refuses what is not a provider or an amount, saying what is expected", async () => {
    const unknown = await verity("delegate", "everything", ...on("spare"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown subcommand "delegate everything"');
    const noAmount = await verity("delegate", providerA, ...on("spare"));
    expect(noAmount.code).toBe(2);
    expect(noAmount.stderr).toContain("the amount (VRT) is required");
    const badShare = await verity("provider", "share", "120", ...on("providerA"));
    expect(badShare.code).toBe(2);
    expect(badShare.stderr).toContain("percentage from 0 to 100");
  });

  it("sets a provider's share, delegates, and shows both sides", async () => {
    const share = await verity("provider", "share", "50%", "--json", ...on("providerA"));
    expect(share.code).toBe(0);
    expect(JSON.parse(share.stdout)).toMatchObject({ bps: 5000, scheduled: false });

    const delegated = await verity("delegate", providerA, "500", "--json", ...on("spare"));
    expect(delegated.code).toBe(0);
    const body = JSON.parse(delegated.stdout);
    expect(body.shares).toBe(VRT(500n).toString());
    expect(body.pool.capacity).toBe(VRT(10_500n).toString());

    const status = await verity("delegate", "status", providerA, "--json", ...on("spare"));
    expect(status.code).toBe(0);
    const [position] = JSON.parse(status.stdout).delegations;
    expect(position).toMatchObject({
      provider: providerA,
      active: VRT(500n).toString(),
      votes: VRT(500n).toString(),
      delegatorShareBps: 5000,
    });
    const table = await verity("delegate", "status", providerA, ...on("spare"));
    expect(table.stdout).toMatch(/provider\s+active\s+thawing/);
    expect(table.stdout).toContain("500 VRT");

    const provider = await verity("provider", "status", ...on("providerA"));
    expect(provider.code).toBe(0);
    expect(provider.stdout).toMatch(/delegator share\s+50%/);
    expect(provider.stdout).toMatch(/delegated\s+500 VRT active, 0 VRT thawing/);
    expect(provider.stdout).toMatch(/capacity\s+10500 VRT/);
    const asJson = JSON.parse(
      (await verity("provider", "status", "--json", ...on("providerA"))).stdout,
    );
    expect(asJson.delegation.tokens).toBe(VRT(500n).toString());
  });

  it("lists delegations only through the indexer, and says so without it", async () => {
    const offline = await verity(
      "delegate",
      "status",
      "--graphql",
      "http://127.0.0.1:9/graphql",
      ...on("spare"),
    );
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain("name the providers");
  });

  it("reports an empty claim by name with a hint", async () => {
    const claim = await verity("delegate", "claim", providerA, ...on("spare"));
    expect(claim.code).toBe(1);
    expect(claim.stderr).toContain("DelegationNothingToClaim");
    expect(claim.stderr).toContain("no earnings have accrued");
  });

  it("undelegates, refuses an early withdrawal, then withdraws after the delay", async () => {
    const out = await verity("delegate", "undelegate", providerA, "200", "--json", ...on("spare"));
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).amount).toBe(VRT(200n).toString());
    const early = await verity("delegate", "withdraw", providerA, ...on("spare"));
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("DelegationStillThawing");
    await chain.advance(3601);
    const done = await verity("delegate", "withdraw", providerA, "--json", ...on("spare"));
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout).amount).toBe(VRT(200n).toString());
    const rest = await verity(
      "delegate",
      "undelegate",
      providerA,
      "--all",
      "--json",
      ...on("spare"),
    );
    expect(JSON.parse(rest.stdout).amount).toBe(VRT(300n).toString());
  });
});
