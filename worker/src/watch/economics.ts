/**
 * Whether a challenge pays: the expected reward (the challenger's share of the
 * fraud slash of the job's collateral) must exceed the expected cost (the bond,
 * times the chance of losing it, plus the gas of the whole dispute). All in
 * protocol-token units.
 */

export type ChallengeEconomicsInput = {
  collateral: bigint;
  fraudSlashBps: number;
  challengerShareBps: number;
  bond: bigint;
  lossProbability: number;
  gasCostTokens: bigint;
};

export type ChallengeEconomics = { worthIt: boolean; reward: bigint; cost: bigint };

export function challengeEconomics(input: ChallengeEconomicsInput): ChallengeEconomics {
  const reward =
    (input.collateral * BigInt(input.fraudSlashBps) * BigInt(input.challengerShareBps)) /
    100_000_000n;
  // The probability in parts per million keeps the arithmetic in integers.
  const ppm = BigInt(Math.round(input.lossProbability * 1_000_000));
  const cost = (input.bond * ppm) / 1_000_000n + input.gasCostTokens;
  return { worthIt: reward > cost, reward, cost };
}
