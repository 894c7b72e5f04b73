import { activationHash, traceCommitment } from "@verity/model/commitments";
import { execute } from "@verity/model/executor";
import { verifyMerkleProof } from "@verity/model/merkle";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { challengeEconomics } from "../../src/watch/economics.js";
import { planChallenge } from "../../src/watch/layer.js";
import { corruptActivations } from "../helpers/cheat.js";
import { randomInt8, randomModel, rng } from "../helpers/model.js";

const model = randomModel([8, 16, 16, 16, 4], 3);
const input = randomInt8(rng(1), 8);
const honest = execute(model, input);
const hashes = honest.map(activationHash);
const root = traceCommitment(honest);

describe("which layer to challenge", () => {
  it("finds nothing in a correct result", () => {
    expect(
      planChallenge(hashes, root, { outputHash: hashes[4] as Hex, traceRoot: root }).plan,
    ).toBeUndefined();
  });

  it("names the last layer when only the output is wrong, with our own proofs", () => {
    const bad = corruptActivations(model, honest, { layer: 4, index: 1 });
    const outputHash = activationHash(bad[4] as Int8Array);
    const { plan } = planChallenge(hashes, root, { outputHash, traceRoot: traceCommitment(bad) });
    expect(plan).toMatchObject({
      layer: 4,
      hPrev: hashes[3],
      hDisputed: outputHash,
      proofDisputed: [],
    });
    expect(verifyMerkleProof(plan?.hPrev as Hex, 2, plan?.proofPrev as Hex[], root)).toBe(true);
  });

  it("needs the provider's hidden hashes when a hidden layer is wrong", () => {
    const bad = corruptActivations(model, honest, { layer: 2, index: 0 });
    const provider = {
      outputHash: activationHash(bad[4] as Int8Array),
      traceRoot: traceCommitment(bad),
    };
    expect(planChallenge(hashes, root, provider)).toMatchObject({
      plan: undefined,
      reason: expect.stringMatching(/hidden/),
    });
    const theirHidden = bad.slice(1, -1).map(activationHash);
    const { plan } = planChallenge(hashes, root, provider, theirHidden);
    expect(plan?.layer).toBe(2);
    expect(plan?.hPrev).toBe(hashes[1]);
    expect(
      verifyMerkleProof(
        plan?.hDisputed as Hex,
        1,
        plan?.proofDisputed as Hex[],
        provider.traceRoot,
      ),
    ).toBe(true);
    expect(
      verifyMerkleProof(plan?.hPrev as Hex, 0, plan?.proofPrev as Hex[], provider.traceRoot),
    ).toBe(true);
  });

  it("corrupts exactly one element and recomputes the later layers", () => {
    const bad = corruptActivations(model, honest, { layer: 1, index: 3 });
    expect(bad[0]).toEqual(honest[0]);
    expect(
      Array.from(bad[1] as Int8Array).filter((v, i) => v !== (honest[1] as Int8Array)[i]),
    ).toHaveLength(1);
    expect(bad[2]).toEqual(execute({ layers: model.layers.slice(1) }, bad[1] as Int8Array)[1]);
  });
});

describe("challenge economics", () => {
  const base = {
    collateral: 20n * 10n ** 18n,
    fraudSlashBps: 10_000,
    challengerShareBps: 5000,
    openDisputes: 0n,
    bond: 10n * 10n ** 18n,
    lossProbability: 0.01,
    gasCostTokens: 10n ** 16n,
  };
  it("challenges when the reward exceeds the risked bond and the gas", () => {
    expect(challengeEconomics(base)).toEqual({
      worthIt: true,
      pot: 10n * 10n ** 18n,
      reward: 10n * 10n ** 18n,
      cost: 11n * 10n ** 16n,
    });
  });
  it("expects an equal share of the pot with the disputes already open", () => {
    const e = challengeEconomics({ ...base, openDisputes: 3n });
    expect(e.pot).toBe(10n * 10n ** 18n);
    expect(e.reward).toBe(25n * 10n ** 17n);
    expect(e.worthIt).toBe(true);
  });
  it("does not when the share left by the open disputes is below the cost", () => {
    // pot 0.2 VRT, cost 0.11 VRT: worth it alone, not as the second of two disputes
    const small = { ...base, collateral: 4n * 10n ** 17n };
    expect(challengeEconomics(small).worthIt).toBe(true);
    expect(challengeEconomics({ ...small, openDisputes: 1n }).worthIt).toBe(false);
  });
  it("does not when the collateral is small", () => {
    expect(challengeEconomics({ ...base, collateral: 10n ** 17n }).worthIt).toBe(false);
  });
  it("does not when losing is likely", () => {
    expect(challengeEconomics({ ...base, lossProbability: 1 }).worthIt).toBe(false);
  });
});
