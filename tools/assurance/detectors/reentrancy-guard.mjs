// Rule 1: every external or public state-changing function of the guarded contracts carries the
// `nonReentrant` modifier; an exception names the function in allowlist.json with its reason.
import { containersOf, functionsOf } from "./solidity.mjs";

export const RULE = "reentrancy-guard";

/** @param targets {{ file: string, contract: string }[]} */
export function detectUnguardedEntryPoints(unit, targets) {
  const findings = [];
  for (const { file, contract } of targets) {
    const container = containersOf(unit, file).find((c) => c.name === contract);
    if (!container)
      throw new Error(`${file}: contract ${contract} not found (update the detector's targets)`);
    for (const fn of functionsOf(container)) {
      if (!fn.isEntryPoint || !fn.changesState || !fn.body) continue;
      if (fn.modifiers.includes("nonReentrant")) continue;
      findings.push({
        rule: RULE,
        key: `${contract}.${fn.name}`,
        file,
        line: fn.line,
        message: `${contract}.${fn.name} is ${fn.visibility} and changes state but is not nonReentrant: add the modifier, or list it under "${RULE}" in tools/assurance/detectors/allowlist.json with the reason it is safe`,
      });
    }
  }
  return findings;
}
