import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccounts } from "../src/devnet/accounts.js";
import { startTestChain, type TestChain } from "./helpers/chain.js";
import { setupMarket } from "./helpers/market.js";
import { verity } from "./helpers/run.js";

let chain: TestChain;
let modelId: bigint;

beforeAll(async () => {
  chain = await startTestChain();
  ({ modelId } = await setupMarket(chain));
  await chain.mine(1);
});
afterAll(async () => {
  await chain?.stop();
});

const on = (key: keyof typeof devAccounts) => [
  "--rpc",
  chain.anvil.rpcUrl,
  "--deployment",
  chain.deploymentFile,
  "--private-key",
  devAccounts[key].privateKey,
];

afterEach(() => {
  process.exitCode = undefined;
});

describe("verity CLI", () => {
  it("prints its usage and refuses unknown commands", async () => {
    expect((await verity("--help")).stdout).toContain("verity <command>");
    const unknown = await verity("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("says what was wrong with bad input, and what to do", async () => {
    const noModel = await verity("job", "post", "--max-price", "5", "--input", "0x01");
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain("--model <id> is required");
    const badPrice = await verity(
      "job",
      "post",
      "--model",
      "1",
      "--input",
      "0x01",
      "--max-price",
      "five",
      ...on("requester"),
    );
    expect(badPrice.code).toBe(2);
    expect(badPrice.stderr).toContain(
      '--max-price must be a positive decimal number of tokens such as 5 or 0.25, got "five"',
    );
    const twoInputs = await verity(
      "job",
      "post",
      "--model",
      "1",
      "--input",
      "0x01",
      "--digit",
      "3",
      "--max-price",
      "1",
    );
    expect(twoInputs.stderr).toContain("give exactly one input");
    const badCollateral = await verity(
      "job",
      "post",
      "--model",
      "1",
      "--input",
      "0x01",
      "--max-price",
      "1",
      "--min-collateral",
      "lots",
    );
    expect(badCollateral.code).toBe(2);
    expect(badCollateral.stderr).toContain("--min-collateral must be a positive decimal number");
    const badSet = await verity("gov", "propose", "--set", "challengeWindw=90");
    expect(badSet.stderr).toContain('unknown parameter "challengeWindw"');
    const noRpc = await verity("job", "show", "1", "--rpc", "http://127.0.0.1:9");
    expect(noRpc.code).toBe(2);
    expect(noRpc.stderr).toContain("Start a local network with `verity devnet`");
  });

  it("posts and shows a job, with --json", async () => {
    const tooShort = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--input",
      "0x0102030405",
      "--max-price",
      "1",
      ...on("requester"),
    );
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toContain(
      `model ${modelId} takes 784 int8 values, but the input has 5 bytes`,
    );
    const posted = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "3",
      "--max-price",
      "2.5",
      "--json",
      ...on("requester"),
    );
    expect(posted.code).toBe(0);
    const { jobId, maxPrice, inputHash } = JSON.parse(posted.stdout);
    expect(maxPrice).toBe("2500000");
    expect(inputHash).toMatch(/^0x[0-9a-f]{64}$/);
    const shown = await verity("job", "show", String(jobId), "--json", ...on("requester"));
    expect(JSON.parse(shown.stdout).job.status).toBe("Bidding");
    const human = await verity("job", "show", String(jobId), ...on("requester"));
    expect(human.stdout).toMatch(/status\s+Bidding/);
    expect(human.stdout).toMatch(/max price\s+2.5 tUSD/);

    // An assurance level above what the escrow sets: the job's collateral, fixed at post.
    const assured = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "4",
      "--max-price",
      "1",
      "--min-collateral",
      "700",
      "--json",
      ...on("requester"),
    );
    expect(assured.code).toBe(0);
    const { jobId: assuredId, collateral } = JSON.parse(assured.stdout);
    expect(collateral).toBe(String(700n * 10n ** 18n));
    const assuredJob = await verity("job", "show", String(assuredId), "--json", ...on("requester"));
    expect(JSON.parse(assuredJob.stdout).job.collateral).toBe(String(700n * 10n ** 18n));

    // Past the CLI's width check, the market refuses a wrong width itself.
    const refused = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--input",
      "0x0102030405",
      "--max-price",
      "1",
      "--skip-width-check",
      ...on("requester"),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("MarketBadInputLength");
    expect(refused.stderr).toContain("hint: an integer model's inline input must have exactly");
  });

  it("never leaves a requester stuck: says what to do, closes a bidless auction, cancels", async () => {
    const post = async (digit: string) => {
      const posted = await verity(
        "job",
        "post",
        "--model",
        String(modelId),
        "--digit",
        digit,
        "--max-price",
        "1",
        "--json",
        ...on("requester"),
      );
      return JSON.parse(posted.stdout).jobId as string;
    };
    // Giving up while bids are open says where the job stands and what can be done.
    const open = await post("5");
    const gaveUp = await verity("job", "wait", open, "--timeout", "1", ...on("requester"));
    expect(gaveUp.code).toBe(1);
    expect(gaveUp.stderr).toContain(`gave up after 1 s waiting for job ${open} (Bidding)`);
    expect(gaveUp.stderr).toContain(`verity job cancel ${open}`);
    // Nobody bids: once the reveal window is over, waiting settles the auction and refunds.
    await chain.advance(21);
    const expired = await verity("job", "wait", open, ...on("requester"));
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain("ended Expired: the auction had no valid bid");
    expect(expired.stderr).toContain("withdraw it with verity claim");
    const shown = await verity("job", "show", open, "--json", ...on("requester"));
    expect(JSON.parse(shown.stdout).job.status).toBe("Expired");
    // Before any bid, the requester can take the job back.
    const other = await post("6");
    const cancelled = await verity("job", "cancel", other, "--json", ...on("requester"));
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout).status).toBe("Cancelled");
    // A batch: one approval, the posts back to back, a table of job ids (or --json).
    const batch = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "2",
      "--max-price",
      "0.5",
      "--count",
      "5",
      "--json",
      ...on("requester"),
    );
    expect(batch.code).toBe(0);
    const batchIds = (JSON.parse(batch.stdout).jobs as { jobId: string }[]).map((j) => j.jobId);
    expect(new Set(batchIds).size).toBe(5);
    for (const id of batchIds) {
      const job = await verity("job", "show", id, "--json", ...on("requester"));
      expect(JSON.parse(job.stdout).job.status).toBe("Bidding");
    }
    const both = await verity(
      "job",
      "post",
      "--model",
      "1",
      "--digit",
      "2",
      "--max-price",
      "1",
      "--count",
      "2",
      "--wait",
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--wait follows one job");
    // settle on a job that is not in its auction says why, by name.
    const late = await verity("job", "settle", other, ...on("requester"));
    expect(late.code).toBe(1);
    expect(late.stderr).toContain("MarketWrongStatus");
  });

  it("takes a standing ask: the provider publishes it, the requester's job is assigned in the post", async () => {
    const askArgs = [
      "ask",
      "set",
      "--model",
      String(modelId),
      "--price",
      "0.2",
      "--capacity",
      "3",
      "--max-collateral",
      "1000",
    ];
    // The shortest window is required: a job taking the ask cannot be refused.
    const noWindow = await verity(...askArgs, ...on("providerB"));
    expect(noWindow.code).toBe(2);
    expect(noWindow.stderr).toContain("--min-window <seconds> is required");
    expect(noWindow.stderr).toContain("a shorter one could only end in a missed deadline");
    const tooLong = await verity(...askArgs, "--min-window", "4294967296", ...on("providerB"));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain("--min-window must be at most 4294967295");
    const set = await verity(
      ...askArgs,
      "--min-window",
      "120",
      "--max-callback-gas",
      "100000",
      "--json",
      ...on("providerB"),
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      price: "200000",
      minExecutionWindow: 120,
      maxCallbackGas: 100_000,
    });
    const provider = devAccounts.providerB.address;
    const shown = await verity(
      "ask",
      "show",
      provider,
      "--model",
      String(modelId),
      ...on("requester"),
    );
    expect(shown.stdout).toMatch(/in use\s+0 of 3/);
    expect(shown.stdout).toMatch(/min window\s+120 s to deliver, at least/);
    expect(shown.stdout).toMatch(/max callback\s+100000 gas/);
    expect(shown.stdout).toMatch(/takeable\s+yes/);
    const shownJson = await verity(
      "ask",
      "show",
      provider,
      "--model",
      String(modelId),
      "--json",
      ...on("requester"),
    );
    expect(JSON.parse(shownJson.stdout)).toMatchObject({
      minExecutionWindow: 120,
      maxCallbackGas: 100_000,
    });
    // A window shorter than the ask's minimum is refused by the market, by name, saying what it needs.
    const short = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "1",
      "--max-price",
      "1",
      "--window",
      "60",
      "--fast",
      "--provider",
      provider,
      ...on("requester"),
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("AskBookWindowTooShort");
    expect(short.stderr).toContain(
      "needs an execution window of at least 120 s; the job gives 60 s",
    );
    expect(short.stderr).toContain("hint: the ask needs a longer execution window");
    const fast = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "1",
      "--max-price",
      "1",
      "--fast",
      "--provider",
      provider,
      "--json",
      ...on("requester"),
    );
    expect(fast.code).toBe(0);
    const posted = JSON.parse(fast.stdout);
    expect(posted.provider).toBe(provider);
    expect(posted.price).toBe("200000");
    const job = await verity("job", "show", posted.jobId, "--json", ...on("requester"));
    expect(JSON.parse(job.stdout).job.status).toBe("Assigned");
    // Two more in one batch fill the ask's room; each is assigned in its own post.
    const batch = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "2",
      "--max-price",
      "1",
      "--fast",
      "--provider",
      provider,
      "--count",
      "2",
      "--json",
      ...on("requester"),
    );
    expect(batch.code).toBe(0);
    const jobs = JSON.parse(batch.stdout).jobs as { provider: string; price: string }[];
    expect(jobs.map((j) => [j.provider, j.price])).toEqual([
      [provider, "200000"],
      [provider, "200000"],
    ]);
    const full = await verity(
      "ask",
      "show",
      provider,
      "--model",
      String(modelId),
      ...on("requester"),
    );
    expect(full.stdout).toMatch(/in use\s+3 of 3/);
    const withdrawn = await verity(
      "ask",
      "withdraw",
      "--model",
      String(modelId),
      ...on("providerB"),
    );
    expect(withdrawn.code).toBe(0);
    const refused = await verity(
      "job",
      "post",
      "--model",
      String(modelId),
      "--digit",
      "1",
      "--max-price",
      "1",
      "--fast",
      "--provider",
      provider,
      ...on("requester"),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("AskBookNoAsk");
  });

  it("reports a contract revert by name, with a hint", async () => {
    const result = await verity(
      "job",
      "post",
      "--model",
      "999",
      "--input",
      "0x01",
      "--max-price",
      "1",
      ...on("requester"),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("postJob reverted: MarketModelInactive(modelId: 999)");
    expect(result.stderr).toContain("hint: the model id is unknown or retired");
    const json = await verity(
      "job",
      "post",
      "--model",
      "999",
      "--input",
      "0x01",
      "--max-price",
      "1",
      "--json",
      ...on("requester"),
    );
    expect(JSON.parse(json.stdout).error).toMatchObject({
      errorName: "MarketModelInactive",
      args: ["999"],
    });
  });

  it("stakes and shows a provider", async () => {
    const { fund } = await import("../src/devnet/fund.js");
    await fund(chain.client("deployer"), {
      to: devAccounts.spare.address,
      vrt: 1000n * 10n ** 18n,
    });
    const staked = await verity("provider", "stake", "--amount", "250", "--json", ...on("spare"));
    expect(staked.code).toBe(0);
    const body = JSON.parse(staked.stdout);
    expect(body.registered).toBe(true);
    expect(body.stake.bonded).toBe((250n * 10n ** 18n).toString());
    const status = await verity("provider", "status", ...on("spare"));
    expect(status.stdout).toMatch(/eligible\s+yes/);
    expect(status.stdout).toMatch(/bonded\s+250 VRT/);
  });

  it("walks a proposal through propose, vote and status", async () => {
    const proposed = await verity(
      "gov",
      "propose",
      "--set",
      "challengeWindow=90",
      "--json",
      ...on("deployer"),
    );
    expect(proposed.code).toBe(0);
    const { proposalId } = JSON.parse(proposed.stdout);
    await chain.mine(2);
    const voted = await verity(
      "gov",
      "vote",
      proposalId,
      "--support",
      "for",
      "--json",
      ...on("deployer"),
    );
    expect(JSON.parse(voted.stdout).weight).not.toBe("0");
    const status = await verity("gov", "status", proposalId, ...on("deployer"));
    expect(status.stdout).toMatch(/state\s+Active/);
    expect(status.stdout).toContain("(reached)");
  });
});
