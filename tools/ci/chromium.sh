#!/usr/bin/env bash
# Installs Debian's chromium when it is missing (the browser the explorer's test drives through
# playwright-core at /usr/bin/chromium; Playwright's own browser download cannot work offline)
# and prints its version. Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }

# Root runs things directly; anyone else through sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium with apt-get"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
/usr/bin/chromium --version
