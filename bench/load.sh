#!/usr/bin/env bash
# Load run against the real host on PostgreSQL and Redis, on loopback only.
#   bench/load.sh [seconds per endpoint, default 30]
# Starts a throwaway PostgreSQL and Redis, publishes the host in Release and runs it with --seed-demo, then drives
# GET /health/live, GET /api/teams/agents/me and GET /api/crm/clients/{id} (the client 360, read from the cache, for a
# client the demo key's agent sees), the last two with the demo API key, one after the other against the same
# process, each after a warm-up, and prints requests/s and p50/p95/p99 for each. Everything it started is stopped on
# exit.
# With RC_BENCH_CLIENTS=1 it first adds 100,000 clients (bench/clients-100k.sql) and also drives the first page of
# "My clients" (GET /api/crm/clients, as Morgan Lee, the lead who sees every one of them).
# On Debian as root it installs what is missing (wrk, postgresql, redis-server) with apt.
#
# Settings (environment): RC_BENCH_CONNECTIONS (default 16), RC_BENCH_WRK_THREADS (default 1),
# RC_BENCH_PG_PORT (55632), RC_BENCH_REDIS_PORT (56579), RC_BENCH_APP_PORT (5200),
# RC_BENCH_NPGSQL (settings appended to the host's PostgreSQL connection string, such as 'No Reset On Close=true'),
# RC_BENCH_KEEP (a folder to copy the host's log into), RC_BENCH_PERF (a file: record a CPU profile of the host with
# perf during the run named by RC_BENCH_PERF_RUN: api (the default) or client360; the host then runs with perf maps and without ReadyToRun code, so that every
# managed frame has a name, and its figures are not the ones to report).
set -euo pipefail

duration=${1:-30}
connections=${RC_BENCH_CONNECTIONS:-16}
threads=${RC_BENCH_WRK_THREADS:-1}
pg_port=${RC_BENCH_PG_PORT:-55632}
redis_port=${RC_BENCH_REDIS_PORT:-56579}
app_port=${RC_BENCH_APP_PORT:-5200}
base_url="http://127.0.0.1:$app_port"
demo_api_key="rc_demo-morgan-lee-local-only-api-key-0001"
root=$(cd "$(dirname "$0")/.." && pwd)

. "$root/bench/bench-common.sh"
start_servers

echo "== publishing the host (Release)"
dotnet publish "$root/src/RelationshipCare.Web" -c Release -o "$work/app" -nologo -v q >/dev/null

echo "== starting the host on $base_url (Production, --seed-demo)"
profiling=()
if [ -n "${RC_BENCH_PERF:-}" ]; then
  profiling=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0)
fi
(
  cd "$work/app"
  # The per-agent API limit is raised far above what one agent may send in production, so the load measures the
  # host and not the limiter.
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="$base_url" \
  Database__Provider=Postgres \
  ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=relationship_care;Username=postgres;${RC_BENCH_NPGSQL:-}" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  Api__RequestsPerMinute=600000000 \
  Api__Burst=10000000 \
  exec env "${profiling[@]}" dotnet RelationshipCare.Web.dll --seed-demo
) >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base_url/health/ready" && break
  kill -0 "$app_pid" 2>/dev/null || { echo "the host exited:" >&2; tail -n 40 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fs -o /dev/null "$base_url/health/ready" || { echo "the host is not ready after 120 s" >&2; tail -n 40 "$work/app.log" >&2; exit 1; }
curl -fs -o /dev/null -H "Authorization: Bearer $demo_api_key" "$base_url/api/teams/agents/me" \
  || { echo "the demo API key was refused" >&2; exit 1; }

# The first client of the demo key's agent's "My clients" page: one they may see.
client_id=$(curl -fs -H "Authorization: Bearer $demo_api_key" "$base_url/api/crm/clients" \
  | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$client_id" ] || { echo "the demo API key's agent sees no client" >&2; exit 1; }
client360_path="/api/crm/clients/$client_id"

if [ "${RC_BENCH_CLIENTS:-}" = 1 ]; then
  echo "== adding 100,000 clients"
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d relationship_care -q -f "$root/bench/clients-100k.sql" >/dev/null
fi

# CPU time used so far, in clock ticks, by the host and by the PostgreSQL server (postmaster and backends).
host_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }
postgres_ticks() {
  local postmaster
  postmaster=$(head -n 1 "$work/pg/data/postmaster.pid")
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do
    awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null
  done | awk '{ sum += $1 } END { print sum }'
}

# run NAME PATH API_KEY SECONDS: one wrk run; prints its RESULT line with the CPU time the host and PostgreSQL
# spent per request, in microseconds (a figure that holds even when other work shares the machine).
run() {
  local host_before postgres_before result requests
  host_before=$(host_ticks)
  postgres_before=$(postgres_ticks)
  result=$(RC_BENCH_API_KEY=$3 wrk -t "$threads" -c "$connections" -d "${4}s" --timeout 5s -s "$root/bench/load.lua" "$base_url$2" \
    | sed -n "s/^RESULT /$1 /p")
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result")
  awk -v r="$result" -v n="$requests" -v hz="$(getconf CLK_TCK)" -v h="$(( $(host_ticks) - host_before ))" \
    -v p="$(( $(postgres_ticks) - postgres_before ))" \
    'BEGIN { printf "%s host_cpu_us=%.0f postgres_cpu_us=%.0f\n", r, h / hz * 1e6 / n, p / hz * 1e6 / n }'
}

echo "== warm-up (10 s each, not reported)"
run warmup /health/live "" 10 >/dev/null
run warmup /api/teams/agents/me "$demo_api_key" 10 >/dev/null
run warmup "$client360_path" "$demo_api_key" 10 >/dev/null
[ "${RC_BENCH_CLIENTS:-}" = 1 ] && run warmup /api/crm/clients "$demo_api_key" 10 >/dev/null

echo "== measuring ${duration} s each, $connections connections, $threads wrk thread(s)"
# profiled NAME PATH API_KEY: run, with a CPU profile of the host recorded alongside when NAME is the run asked for.
profiled() {
  local perf_pid=""
  if [ -n "${RC_BENCH_PERF:-}" ] && [ "$1" = "${RC_BENCH_PERF_RUN:-api}" ]; then
    perf record -e cpu-clock -F 499 -g -p "$app_pid" -o "$RC_BENCH_PERF" -- sleep "$duration" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  run "$1" "$2" "$3" "$duration"
  [ -n "$perf_pid" ] && wait "$perf_pid"
  return 0
}

live=$(run live /health/live "" "$duration")
api=$(profiled api /api/teams/agents/me "$demo_api_key")
client360=$(profiled client360 "$client360_path" "$demo_api_key")
clients=""
[ "${RC_BENCH_CLIENTS:-}" = 1 ] && clients=$(run clients /api/crm/clients "$demo_api_key" "$duration")

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
live_rps=$(field "$live" rps)
api_rps=$(field "$api" rps)
client360_rps=$(field "$client360" rps)

echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
  "os: $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version); wrk -t$threads -c$connections -d${duration}s;" \
  "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | max ms | host CPU µs/request | PostgreSQL CPU µs/request | socket errors | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
lines=("$live" "$api" "$client360")
[ -n "$clients" ] && lines+=("$clients")
for line in "${lines[@]}"; do
  name=$(cut -d' ' -f1 <<<"$line")
  path=/health/live
  [ "$name" = api ] && path="/api/teams/agents/me (API key)"
  [ "$name" = client360 ] && path="/api/crm/clients/{id}, the client 360 from the cache (API key)"
  [ "$name" = clients ] && path="/api/crm/clients, first page of 100,000 (API key)"
  echo "| $path | $(field "$line" rps) | $(field "$line" p50_ms) | $(field "$line" p95_ms) | $(field "$line" p99_ms) | $(field "$line" max_ms) | $(field "$line" host_cpu_us) | $(field "$line" postgres_cpu_us) | $(field "$line" socket_errors) | $(field "$line" http_errors) |"
done
echo
awk -v a="$api_rps" -v l="$live_rps" 'BEGIN { printf "authenticated read / live: %.1f%% of the throughput\n", 100 * a / l }'
awk -v a="$client360_rps" -v l="$live_rps" 'BEGIN { printf "client 360 from the cache / live: %.1f%% of the throughput\n", 100 * a / l }'
