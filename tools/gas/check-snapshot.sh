#!/usr/bin/env bash
# Gas snapshot of the core protocol's unit and attack tests (.gas-snapshot at the repository root).
#
#   tools/gas/check-snapshot.sh           fail if any test's gas moved by more than 5%, or if a test
#                                         has no entry in the snapshot (CI)
#   tools/gas/check-snapshot.sh --update  rewrite .gas-snapshot after an intended change
#
# Fuzz and invariant tests are left out: their gas depends on the random inputs of each run, so
# they would make the snapshot change from run to run. Every test kept is deterministic.
set -euo pipefail
cd "$(dirname "$0")/../.."

FORGE=node_modules/.bin/forge
MATCH_PATH='contracts/test/{market,staking,models,parameters}/*'
NO_MATCH_TEST='testFuzz|invariant'

case "${1:-}" in
  --update)
    exec "$FORGE" snapshot --match-path "$MATCH_PATH" --no-match-test "$NO_MATCH_TEST"
    ;;
  "") ;;
  *)
    echo "usage: $0 [--update]" >&2
    exit 2
    ;;
esac

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$FORGE" snapshot --check --tolerance 5 --match-path "$MATCH_PATH" --no-match-test "$NO_MATCH_TEST" \
  2>&1 | tee "$out" || status=$?
# forge 1.7.1 prints the differences it finds but still exits 0 (its exit code only reflects test
# failures), so its own diff lines decide here.
if grep -qE '^Diff in |^No matching snapshot entry' "$out"; then
  echo >&2
  echo "gas snapshot: the lines above moved by more than 5% or are new; if intended, run $0 --update" >&2
  exit 1
fi
exit "$status"
