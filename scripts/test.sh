#!/usr/bin/env bash
# The test command: builds the solution and runs every test project in it against PostgreSQL and Redis.
#
#   scripts/test.sh
#
# It starts a throwaway PostgreSQL on 127.0.0.1:55432 and Redis on 127.0.0.1:56379 (stopped and deleted when it
# ends, whatever happens), unless RC_TEST_POSTGRES and RC_TEST_REDIS already point at servers to use:
#   RC_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres;Password=...'   (no Database: the tests make their own)
#   RC_TEST_REDIS='127.0.0.1:6379'
# On Debian as root it first installs what is missing (postgresql, redis-server, chromium) with apt.
# Test results and screenshots go under artifacts/. The last line it prints is "N passed, N failed, N skipped";
# it exits non-zero when anything failed.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
artifacts="$root/artifacts"
pg_port=55432
redis_port=56379
services=""

say() { printf '== %s\n' "$*"; }

# Prints the closing line and exits: the counts, then the status.
finish() {
  local status=$1 passed=${2:-0} failed=${3:-0} skipped=${4:-0}
  printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
  exit "$status"
}

stop_services() {
  [ -n "$services" ] || return 0
  if [ -f "$services/pg/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$services/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1
  fi
  if [ -f "$services/redis/redis.pid" ]; then
    redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1
  fi
  mkdir -p "$artifacts/services"
  cp "$services/pg/log" "$artifacts/services/postgresql.log" 2>/dev/null
  cp "$services/redis/log" "$artifacts/services/redis.log" 2>/dev/null
  rm -rf "$services"
  services=""
}
trap stop_services EXIT
trap 'exit 130' INT TERM

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

use_own_servers=true
if [ -n "${RC_TEST_POSTGRES:-}" ] && [ -n "${RC_TEST_REDIS:-}" ]; then
  use_own_servers=false
fi

# 1. What the tests need from Debian: PostgreSQL and Redis (unless given), and Chromium for the browser tests.
missing=()
if $use_own_servers; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
fi
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "Could not install ${missing[*]} with apt." >&2
      finish 1
    fi
  else
    echo "Missing: ${missing[*]}. Install them, or (for the servers) set RC_TEST_POSTGRES and RC_TEST_REDIS." >&2
    finish 1
  fi
fi

# 2. Throwaway servers on loopback, in a temporary folder.
if $use_own_servers; then
  for port in "$pg_port" "$redis_port"; do
    if port_busy "$port"; then
      echo "Port $port on 127.0.0.1 is taken. Stop what listens there, or set RC_TEST_POSTGRES and RC_TEST_REDIS." >&2
      finish 1
    fi
  done

  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  services=$(mktemp -d "${TMPDIR:-/tmp}/rc-test-services.XXXXXX")
  chmod 755 "$services"
  mkdir -p "$services/pg" "$services/redis"
  [ "$(id -u)" -eq 0 ] && chown postgres "$services/pg"

  say "Starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
  if ! as_postgres "$pg_bin/initdb" -D "$services/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$services/pg/initdb.log" 2>&1; then
    cat "$services/pg/initdb.log" >&2
    finish 1
  fi
  if ! as_postgres "$pg_bin/pg_ctl" -D "$services/pg/data" -l "$services/pg/log" -w -t 30 \
    -o "-p $pg_port -k $services/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    cat "$services/pg/log" >&2
    finish 1
  fi
  if ! redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$services/redis" \
    --pidfile "$services/redis/redis.pid" --logfile "$services/redis/log" --save "" --appendonly no; then
    finish 1
  fi
  for _ in $(seq 1 50); do
    [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.2
  done

  export RC_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
  export RC_TEST_REDIS="127.0.0.1:$redis_port"
fi

# 3. Build, then run every test project of the solution.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export RC_TEST_ARTIFACTS="$artifacts"
rm -rf "$artifacts/test-results" "$artifacts/screenshots" "$artifacts/services"
mkdir -p "$artifacts/test-results"

say "Building"
if ! dotnet build RelationshipCare.sln -nologo -v q -clp:NoSummary; then
  echo "The build failed; no test ran." >&2
  finish 1
fi

say "Testing"
output="$artifacts/test-results/dotnet-test.log"
dotnet test --solution RelationshipCare.sln --no-build --no-progress --no-ansi \
  --results-directory "$artifacts/test-results" --report-xunit-trx --timeout 60m 2>&1 | tee "$output"
status=${PIPESTATUS[0]}

# The runner's summary ("succeeded: N", "failed: N", "skipped: N"), summed over every summary it printed.
read -r passed failed skipped < <(awk '
  /^Test run summary/ { in_summary = 1; next }
  in_summary && $1 == "succeeded:" { passed += $2 }
  in_summary && $1 == "failed:" { failed += $2 }
  in_summary && $1 == "skipped:" { skipped += $2 }
  in_summary && $1 == "duration:" { in_summary = 0 }
  END { printf "%d %d %d\n", passed, failed, skipped }' "$output")

if [ "$status" -eq 0 ] && { [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; }; then
  status=1
fi
stop_services
finish "$status" "$passed" "$failed" "$skipped"
