// Rule 2: every setter of Parameters checks the value's bounds before it stores it: some revert
// (a bound check such as `_bounded`, or a guard written in place) is reached before the first
// storage write, following the internal functions it calls.
import { effectsOf } from "./effects.mjs";
import { containersOf, functionsOf } from "./solidity.mjs";

export const RULE = "parameter-bounds";

/** @param targets {{ file: string, contract: string }[]} */
export function detectUncheckedSetters(unit, targets) {
  const findings = [];
  for (const { file, contract } of targets) {
    const container = containersOf(unit, file).find((c) => c.name === contract);
    if (!container)
      throw new Error(`${file}: contract ${contract} not found (update the detector's targets)`);
    for (const fn of functionsOf(container)) {
      if (!fn.isEntryPoint || !fn.changesState || !fn.body || !/^set[A-Z]/.test(fn.name)) continue;
      const effects = effectsOf(unit, file, fn.cursor);
      const firstWrite = effects.findIndex((e) => e.type === "write");
      const firstCheck = effects.findIndex((e) => e.type === "revert");
      if (firstWrite === -1 || (firstCheck !== -1 && firstCheck < firstWrite)) continue;
      const write = effects[firstWrite];
      findings.push({
        rule: RULE,
        key: `${contract}.${fn.name}`,
        file,
        line: fn.line,
        message: `${contract}.${fn.name} writes storage (${write.fileId}:${write.line}: ${write.text}) before any bound check: call the bound check (e.g. _bounded) before the write, or list it under "${RULE}" in tools/assurance/detectors/allowlist.json with the reason`,
      });
    }
  }
  return findings;
}
