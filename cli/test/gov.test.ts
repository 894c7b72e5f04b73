import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devAccounts } from "../src/devnet/accounts.js";
import { fund } from "../src/devnet/fund.js";
import { startTestChain, type TestChain } from "./helpers/chain.js";
import { verity } from "./helpers/run.js";

let chain: TestChain;
const VRT = (n: number) => (BigInt(n) * 10n ** 18n).toString();

beforeAll(async () => {
  chain = await startTestChain();
  await fund(chain.client("deployer"), { to: devAccounts.spare.address, vrt: 1000n * 10n ** 18n });
  await fund(chain.client("deployer"), { to: devAccounts.watcher.address, vrt: 10n * 10n ** 18n });
  await chain.mine(1);
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
const read = () => ["--rpc", chain.anvil.rpcUrl, "--deployment", chain.deploymentFile];
const json = async (...argv: string[]) => {
  const r = await verity(...argv, "--json");
  return { ...r, body: JSON.parse(r.stdout) };
};

describe("verity gov", () => {
  it("shows voting power and delegates liquid and staked VRT", async () => {
    const before = await json("gov", "power", devAccounts.spare.address, ...read());
    expect(before.code).toBe(0);
    expect(before.body).toMatchObject({ liquid: VRT(1000), staked: "0", votes: "0" });
    expect(before.body.liquidDelegate).toBeUndefined();
    expect(before.stderr).not.toContain("acting as");

    const staked = await verity("provider", "stake", "--amount", "400", "--json", ...on("spare"));
    expect(staked.code).toBe(0);
    const liquid = await json("gov", "delegate", "self", "--liquid", ...on("spare"));
    expect(liquid.code).toBe(0);
    expect(liquid.body.power).toMatchObject({
      liquid: VRT(600),
      staked: VRT(400),
      votesFromLiquid: VRT(600),
      liquidDelegate: devAccounts.spare.address,
    });
    const stake = await json(
      "gov",
      "delegate",
      devAccounts.requester.address,
      "--staked",
      ...on("spare"),
    );
    expect(stake.code).toBe(0);
    expect(stake.body.power.stakeDelegate).toBe(devAccounts.requester.address);
    const requester = await json("gov", "power", devAccounts.requester.address, ...read());
    expect(requester.body).toMatchObject({ votesFromStake: VRT(400), votes: VRT(400) });

    const deployer = await verity("gov", "power", ...on("deployer"));
    expect(deployer.stdout).toMatch(/threshold\s+\d[\d.]* VRT to propose: can propose/);
    const both = await verity("gov", "delegate", "self", "--liquid", "--staked", ...on("spare"));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --liquid or --staked, or neither for both");
  });

  it("refuses a proposal that could never execute, before it is made", async () => {
    const refused = await json("gov", "propose", "--set", "protocolFeeBps=5000", ...on("deployer"));
    expect(refused.code).toBe(1);
    expect(refused.body.error.name).toBe("ProposalWouldFailError");
    expect(refused.body.error.message).toContain("protocolFeeBps");
    expect(refused.body.error.message).toMatch(
      /protocolFeeBps = 5000 is outside its bounds \[0, \d+\]/,
    );
    const human = await verity("gov", "propose", "--set", "protocolFeeBps=5000", ...on("deployer"));
    expect(human.stderr).toContain("Nothing was proposed");
    expect((await json("gov", "list", ...read())).body.proposals).toHaveLength(0);

    // Coupled rules, in order: lowering the fraud slash first breaks the penalty floor at the
    // current shares; lowering the shares first makes room for it.
    const wrongOrder = await json(
      "gov",
      "propose",
      "--set",
      "fraudSlashBps=5000",
      "--set",
      "slashShares=2000,2000",
      ...on("deployer"),
    );
    expect(wrongOrder.code).toBe(1);
    expect(wrongOrder.body.error.message).toContain("action 1 (fraudSlashBps");
    expect(wrongOrder.body.error.message).toContain("falls below its floor");
    const rightOrder = await json(
      "gov",
      "propose",
      "--set",
      "slashShares=2000,2000",
      "--set",
      "fraudSlashBps=5000",
      "--dry-run",
      ...read(),
    );
    expect(rightOrder.code).toBe(0);

    const dry = await json("gov", "propose", "--set", "protocolFeeBps=250", "--dry-run", ...read());
    expect(dry.code).toBe(0);
    expect(dry.body).toMatchObject({ dryRun: true, simulation: "sequential" });
    expect(dry.body.actions[0]).toMatchObject({
      parameter: "protocolFeeBps",
      functionName: "setProtocolFeeBps",
      newValue: "250",
    });
    expect(dry.body.actions[0].calldata).toMatch(/^0x[0-9a-f]{8}/);
    expect((await json("gov", "list", ...read())).body.proposals).toHaveLength(0);
  });

  it("walks a proposal through its lifecycle, with list and show at each state and errors in words", async () => {
    const oldFee = String((await chain.client("deployer").getParameters()).protocolFeeBps);
    const proposed = await json(
      "gov",
      "propose",
      "--set",
      "protocolFeeBps=250",
      "--description",
      "A 2.5% fee",
      ...on("deployer"),
    );
    expect(proposed.code).toBe(0);
    const id: string = proposed.body.proposalId;
    expect(proposed.body.actions[0].summary).toBe(`protocolFeeBps ${oldFee} -> 250`);

    const listed = await json("gov", "list", ...read());
    expect(listed.body.proposals[0]).toMatchObject({ proposalId: id, state: "Pending" });
    let shown = await json("gov", "show", id, ...read());
    expect(shown.body).toMatchObject({ state: "Pending", description: "A 2.5% fee" });
    expect(shown.body.proposer).toBe(devAccounts.deployer.address);

    const duplicate = await json(
      "gov",
      "propose",
      "--set",
      "protocolFeeBps=250",
      "--description",
      "A 2.5% fee",
      ...on("deployer"),
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.body.error.explanation).toContain("an identical proposal exists");
    const early = await verity("gov", "vote", id, "--support", "for", ...on("deployer"));
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("the proposal is Pending; this needs it Active");

    await chain.mine(2);
    const voted = await json(
      "gov",
      "vote",
      id,
      "--support",
      "for",
      "--reason",
      "fees fund audits",
      ...on("deployer"),
    );
    expect(voted.code).toBe(0);
    expect(voted.body.weight).not.toBe("0");
    expect(voted.body.warning).toBeUndefined();
    const zero = await json("gov", "vote", id, "--support", "against", ...on("watcher"));
    expect(zero.code).toBe(0);
    expect(zero.body.weight).toBe("0");
    expect(zero.body.warning).toContain("this vote will count 0");
    expect(zero.body.warning).toContain("nobody (does not vote)");

    shown = await json("gov", "show", id, ...on("deployer"));
    expect(shown.body).toMatchObject({
      state: "Active",
      myVote: { voted: true, support: "for", reason: "fees fund audits" },
    });
    expect(shown.body.tally.quorumReached).toBe(true);
    expect(shown.body.next).toContain(`verity gov vote ${id}`);
    const human = await verity("gov", "show", id, ...on("deployer"));
    expect(human.stdout).toMatch(/state\s+Active/);
    expect(human.stdout).toContain(`protocolFeeBps ${oldFee} -> 250`);
    expect(human.stdout).toMatch(/quorum\s+.* of the supply/);
    expect(human.stderr).not.toContain("acting as");

    await chain.mine(
      Number(shown.body.closes.block) - Number(await chain.publicClient.getBlockNumber()) + 1,
    );
    shown = await json("gov", "show", id, ...read());
    expect(shown.body).toMatchObject({ state: "Succeeded", next: `verity gov queue ${id}` });
    const late = await json("gov", "vote", id, "--support", "for", ...on("requester"));
    expect(late.body.error.explanation).toContain("the proposal is Succeeded (voting has closed)");

    expect((await json("gov", "queue", id, ...on("deployer"))).code).toBe(0);
    expect((await json("gov", "list", ...read())).body.proposals[0].state).toBe("Queued");
    const tooSoon = await verity("gov", "execute", id, ...on("deployer"));
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.stderr).toContain("the timelock delay has not passed yet");
    expect(tooSoon.stderr).toContain("expectedStates: [Ready]");

    await chain.advance(3600);
    expect((await json("gov", "execute", id, ...on("deployer"))).code).toBe(0);
    shown = await json("gov", "show", id, ...read());
    expect(shown.body.state).toBe("Executed");
    expect(shown.body.next).toBeUndefined();
    expect(shown.body.actions[0]).toMatchObject({ oldValue: oldFee, newValue: "250" });
    expect((await chain.client("deployer").getParameters()).protocolFeeBps).toBe(250);
  });

  it("says why a proposal was defeated, and cancels a pending one", async () => {
    const proposed = await json("gov", "propose", "--set", "commitWindow=40", ...on("deployer"));
    const id: string = proposed.body.proposalId;
    await chain.mine(2);
    await json("gov", "vote", id, "--support", "against", ...on("deployer"));
    const shown = await json("gov", "show", id, ...read());
    await chain.mine(
      Number(shown.body.closes.block) - Number(await chain.publicClient.getBlockNumber()) + 1,
    );
    const defeated = await json("gov", "show", id, ...read());
    expect(defeated.body).toMatchObject({
      state: "Defeated",
      defeatedBecause: "quorum not reached",
    });
    expect(defeated.body.next).toBeUndefined();

    const other = await json("gov", "propose", "--set", "commitWindow=45", ...on("deployer"));
    const notYours = await json("gov", "cancel", other.body.proposalId, ...on("requester"));
    expect(notYours.body.error.explanation).toContain("only its proposer can, while it is Pending");
    expect((await json("gov", "cancel", other.body.proposalId, ...on("deployer"))).code).toBe(0);
    expect((await json("gov", "show", other.body.proposalId, ...read())).body.state).toBe(
      "Canceled",
    );
  });

  it("says when a proposal made without the check can never execute, and suggests nothing", async () => {
    const { proposalId } = await chain.client("deployer").propose({
      description: "An unchecked fee of 50%",
      parameterChanges: [{ name: "protocolFeeBps", value: 5000 }],
      check: false,
    });
    const shown = await json("gov", "show", String(proposalId), ...read());
    expect(shown.body.state).toBe("Pending");
    expect(shown.body.wouldFail).toMatch(/protocolFeeBps = 5000 is outside its bounds/);
    expect(shown.body.next).toBeUndefined();
  });

  it("keeps usage errors short", async () => {
    const noId = await verity("gov", "vote", "--support", "for");
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain("which proposal? Give its id");
    expect(noId.stderr).toContain("usage: verity gov vote <proposalId>");
    expect(noId.stderr).not.toContain("parameters:");
    const unknown = await verity("gov", "frob");
    expect(unknown.stderr).toContain("one of power, delegate, propose");
  });
});
