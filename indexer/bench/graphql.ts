import { performance } from "node:perf_hooks";
import { assertOnSchedule, type OpenLoopResult, openLoop } from "./open-loop.js";
import type { benchmarkQueries } from "./queries.js";
import { rotatingMix } from "./queries.js";
import { machineLoad, percentile, round1 } from "./stats.js";

type Queries = ReturnType<typeof benchmarkQueries>;

export type GraphqlRound = OpenLoopResult & {
  loadBefore: number[];
  loadAfter: number[];
  /** Each server process's event-loop delay and GC pauses during the round (/debug/runtime). */
  servers: Record<string, unknown>;
  /** Why the round does not count (the generator fell behind, requests failed). */
  voidBecause?: string;
};

const runtime = async (url: string) =>
  (await fetch(`${url}/debug/runtime?reset=1`).then((r) => r.json())) as unknown;

/** One request at a time per query: the floor under the loaded figures. */
export async function sequentialFloor(url: string, queries: Queries) {
  const floor: Record<string, number> = {};
  for (const q of queries) {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const begin = performance.now();
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: q.query, variables: q.variables() }),
      });
      await response.text();
      times.push(performance.now() - begin);
    }
    floor[q.kind] = round1(percentile(times, 50));
  }
  return floor;
}

/**
 * GraphQL at `rps` open loop, `runs` rounds of `seconds` each after a short
 * warm-up (JIT, connection pools), each round checked for generator lag and
 * errors. `servers` are the processes behind `url`, whose runtime figures
 * are read after each round.
 */
export async function graphqlRounds(
  label: string,
  url: string,
  servers: Record<string, string>,
  queries: Queries,
  { rps, seconds, runs }: { rps: number; seconds: number; runs: number },
  log: (line: string) => void,
): Promise<GraphqlRound[]> {
  const shot = rotatingMix(queries);
  await openLoop({ url: `${url}/graphql`, rps, seconds: 2, shot });
  const rounds: GraphqlRound[] = [];
  for (let run = 0; run < runs; run++) {
    const loadBefore = machineLoad();
    await Promise.all(Object.values(servers).map(runtime));
    const result = await openLoop({ url: `${url}/graphql`, rps, seconds, shot });
    const serverFigures: Record<string, unknown> = {};
    for (const [name, serverUrl] of Object.entries(servers))
      serverFigures[name] = await runtime(serverUrl);
    const round = { ...result, loadBefore, loadAfter: machineLoad(), servers: serverFigures };
    log(
      `${label} run ${run + 1}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, ` +
        `${result.achievedRps} rps, send lag p99 ${result.sendLagP99Ms} ms, load ${loadBefore[0]} -> ${round.loadAfter[0]}; ` +
        `servers ${JSON.stringify(serverFigures)}`,
    );
    try {
      assertOnSchedule(`${label} run ${run + 1}`, result);
      rounds.push(round);
    } catch (error) {
      log(`VOID: ${(error as Error).message}`);
      rounds.push({ ...round, voidBecause: (error as Error).message });
    }
  }
  return rounds;
}
