#!/usr/bin/env bash
# Installs Debian's z3 when it is missing (the SMT solver that tools/assurance/smt.mjs hands the
# SMTChecker's queries to) and prints its version. Idempotent: does nothing when z3 is there.
set -euo pipefail

log() { echo "z3.sh: $*" >&2; }

# Root runs things directly; anyone else through sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v z3 >/dev/null 2>&1; then
  log "installing z3 with apt-get"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq z3 >&2
fi
z3 --version
