// Rule 3 (checks-effects-interactions): in an entry point, no state-changing external call comes
// before a storage write, internal and library functions followed. Each (function, write) pair that
// breaks it is a finding; an exception is listed in allowlist.json as "Contract.function" with why.
import { effectsOf } from "./effects.mjs";
import { containersOf, functionsOf } from "./solidity.mjs";

export const RULE = "calls-before-writes";

/** @param targets {{ file: string, contract: string }[]} */
export function detectCallsBeforeWrites(unit, targets) {
  const findings = [];
  for (const { file, contract } of targets) {
    const container = containersOf(unit, file).find((c) => c.name === contract);
    if (!container)
      throw new Error(`${file}: contract ${contract} not found (update the detector's targets)`);
    for (const fn of functionsOf(container)) {
      if (!fn.isEntryPoint || !fn.changesState || !fn.body) continue;
      const effects = effectsOf(unit, file, fn.cursor);
      const firstCall = effects.find((e) => e.type === "call");
      if (!firstCall) continue;
      const late = effects.slice(effects.indexOf(firstCall)).filter((e) => e.type === "write");
      if (late.length === 0) continue;
      const where = (e) =>
        `${e.fileId}:${e.line} \`${e.text.replace(/\s+/g, " ")}\`${e.via.length ? ` (via ${e.via.join(" > ")})` : ""}`;
      findings.push({
        rule: RULE,
        key: `${contract}.${fn.name}`,
        file: late[0].fileId,
        line: late[0].line,
        message: `${contract}.${fn.name} writes storage after an external call: the call at ${where(firstCall)} precedes ${late.map(where).join("; ")}. Move the writes before the call, or list "${contract}.${fn.name}" under "${RULE}" in tools/assurance/detectors/allowlist.json with the reason it is safe`,
      });
    }
  }
  return findings;
}
