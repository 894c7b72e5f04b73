/**
 * Whether a challenge pays. A conviction puts the challenger share of the fraud slash
 * (`challengerShareBps` of `fraudSlashBps` of the job's collateral) into the round's reward pot,
 * split equally among the disputes open at the conviction, whoever convicts. A new dispute joins
 * the ones already open on the job, so its expected reward is the pot divided by one plus their
 * number (the provider's own sybils included: that is what they can take). It must exceed the
 * expected cost: the bond times the chance of losing it, plus the gas of the whole dispute. All in
 * protocol-token units.
 */

export type ChallengeEconomicsInput = {
  /** The job's collateral, fixed at post. */
  collateral: bigint;
  fraudSlashBps: number;
  challengerShareBps: number;
  /** Disputes already open on the job's current round (`openDisputes(jobId)`). */
  openDisputes: bigint;
  bond: bigint;
  lossProbability: number;
  gasCostTokens: bigint;
};

export type ChallengeEconomics = {
  worthIt: boolean;
  /** The whole pot a conviction would fund. */
  pot: bigint;
  /** This dispute's expected share of it. */
  reward: bigint;
  cost: bigint;
};

export function challengeEconomics(input: ChallengeEconomicsInput): ChallengeEconomics {
  const pot =
    (input.collateral * BigInt(input.fraudSlashBps) * BigInt(input.challengerShareBps)) /
    100_000_000n;
  const reward = pot / (1n + input.openDisputes);
  // The probability in parts per million keeps the arithmetic in integers.
  const ppm = BigInt(Math.round(input.lossProbability * 1_000_000));
  const cost = (input.bond * ppm) / 1_000_000n + input.gasCostTokens;
  return { worthIt: reward > cost, pot, reward, cost };
}
