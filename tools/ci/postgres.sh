#!/usr/bin/env bash
# Starts a local PostgreSQL for the indexer's tests and benchmarks, installing
# Debian's `postgresql` first when it is missing, and prints one line:
#   DATABASE_URL=postgresql://<user>:<password>@127.0.0.1:<port>/<database>
# Everything else goes to stderr, so that CI can append the line to its
# environment:  tools/ci/postgres.sh >> "$GITHUB_ENV"
# The role may create databases: the indexer's tests make one per run.
# Environment (optional): PGDATABASE_NAME (verity), PGROLE (verity), PGROLE_PASSWORD (verity).
set -euo pipefail

db="${PGDATABASE_NAME:-verity}"
role="${PGROLE:-verity}"
password="${PGROLE_PASSWORD:-verity}"

log() { echo "postgres.sh: $*" >&2; }

# Root runs things directly; anyone else through sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql with apt-get"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
  log "creating cluster $version/main"
  as_root pg_createcluster "$version" main >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting cluster $version/main on port $port"
  as_root pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL did not become ready"; exit 1; }

psql_admin() { as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
  psql_admin -c "CREATE ROLE \"$role\" LOGIN CREATEDB PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$role\"" >&2
fi

echo "DATABASE_URL=postgresql://$role:$password@127.0.0.1:$port/$db"
