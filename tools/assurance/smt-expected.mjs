// Properties the solver is known not to decide, each with the reason, keyed by
// "<harness file>:<function>:<kind>". tools/assurance/smt.mjs fails on any other unknown, and on a
// listed one that becomes decided (so that this list never hides a property that now has a proof).
export const EXPECTED_UNKNOWN = {};
