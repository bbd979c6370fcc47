#!/usr/bin/env bash
# The OpenAI-compatible endpoint over HTTP, against a local fake provider that answers at once.
#   bench/ai-http.sh [seconds per latency run, default 20]
# Starts a throwaway PostgreSQL and Redis, publishes the host and the bench helpers (bench/RelationshipCare.AiHttpBench)
# in Release, runs the fake OpenAI-compatible provider on 127.0.0.1 and the host (--seed-demo) with its "openai"
# provider pointed at the fake, so that `model: auto` for a short question routes to gpt-4.1-nano at the fake. Then:
#   1. Added latency: wrk, 1 connection, POST /v1/chat/completions (not streamed, Cache-Control: no-cache so the
#      provider is really called), straight to the fake and through the host, same body; p50 through the host minus
#      p50 straight to the fake, in RC_BENCH_ROUNDS rounds (3), and their median. Target: under 0.5 ms.
#   2. 1,000 concurrent streams: 1,000 streamed completions sent at once, each on its own connection, each read to its
#      end; a success needs a 200, the usage chunk and data: [DONE]. Once with the fake answering at once
#      (throughput), once with the fake pacing its 7 pieces (RC_BENCH_STREAM_DELAY_MS, default 100 ms each) so that
#      all of them are open at the same time. Target: zero errors.
# The demo API key (Morgan Lee) sends everything: the per-agent API limit and the AI budgets are raised by
# configuration for the run (printed below), so the run measures the host and not the limits.
# Everything it started is stopped on exit. On Debian as root it installs what is missing (wrk, postgresql, redis).
#
# Settings (environment): RC_BENCH_ROUNDS (3), RC_BENCH_STREAMS (1000), RC_BENCH_STREAM_DELAY_MS (100), RC_BENCH_APP_PORT (5221),
# RC_BENCH_FAKE_PORT (5222), RC_BENCH_PG_PORT (5223), RC_BENCH_REDIS_PORT (5224), RC_BENCH_KEEP (a folder to copy
# the host's log into), RC_BENCH_STATEMENTS=1 (also list the SQL statements PostgreSQL ran per request during the
# latency run through the host, from pg_stat_statements), RC_BENCH_PERF (a file: record a CPU profile of the host during the latency run through the
# host; the host then runs with perf maps and without ReadyToRun code, and its figures are not the ones to report).
set -euo pipefail

duration=${1:-20}
rounds=${RC_BENCH_ROUNDS:-3}
streams=${RC_BENCH_STREAMS:-1000}
stream_delay=${RC_BENCH_STREAM_DELAY_MS:-100}
app_port=${RC_BENCH_APP_PORT:-5221}
fake_port=${RC_BENCH_FAKE_PORT:-5222}
pg_port=${RC_BENCH_PG_PORT:-5223}
redis_port=${RC_BENCH_REDIS_PORT:-5224}
base_url="http://127.0.0.1:$app_port"
fake_url="http://127.0.0.1:$fake_port"
demo_api_key="rc_demo-morgan-lee-local-only-api-key-0001"
root=$(cd "$(dirname "$0")/.." && pwd)
export RC_BENCH_DIR="$root/bench"

. "$root/bench/bench-common.sh"
# Each stream is a connection to the host and one from the host to the provider.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $(( streams * 3 + 1000 )) ] || { echo "ulimit -n $(ulimit -n) is too low for $streams streams" >&2; exit 1; }

start_servers "-c max_connections=300 ${RC_BENCH_STATEMENTS:+-c shared_preload_libraries=pg_stat_statements}"

echo "== publishing the host and the bench helpers (Release)"
dotnet publish "$root/src/RelationshipCare.Web" -c Release -o "$work/app" -nologo -v q >/dev/null
dotnet publish "$root/bench/RelationshipCare.AiHttpBench" -c Release -o "$work/bench" -nologo -v q >/dev/null

# start_fake DELAY_MS: the fake provider, each streamed piece DELAY_MS apart.
start_fake() {
  stop "$fake_pid"
  dotnet "$work/bench/RelationshipCare.AiHttpBench.dll" fake --port "$fake_port" --stream-delay-ms "$1" >>"$work/fake.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"messages":[]}' "$fake_url/v1/chat/completions" && return 0
    sleep 0.5
  done
  echo "the fake provider did not start:" >&2
  cat "$work/fake.log" >&2
  exit 1
}
start_fake 0

limits=(Api__RequestsPerMinute=600000000 Api__Burst=10000000
  AiRouting__Budgets__AgentDailyUsd=1000000 AiRouting__Budgets__AgentMonthlyUsd=1000000
  AiRouting__Budgets__TeamDailyUsd=1000000 AiRouting__Budgets__TeamMonthlyUsd=1000000)
echo "== starting the host on $base_url (Production, --seed-demo), its openai provider at $fake_url"
echo "   raised for the run: ${limits[*]}"
profiling=()
if [ -n "${RC_BENCH_PERF:-}" ]; then
  profiling=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0)
fi
(
  cd "$work/app"
  ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="$base_url" \
  Database__Provider=Postgres \
  ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=relationship_care;Username=postgres;Maximum Pool Size=200" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  AiProviders__Providers__openai__Kind=OpenAiCompatible \
  AiProviders__Providers__openai__BaseUrl="$fake_url" \
  AiProviders__Providers__openai__ApiKey=bench-fake-key \
  exec env "${limits[@]}" "${profiling[@]}" dotnet RelationshipCare.Web.dll --seed-demo
) >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base_url/health/ready" && break
  kill -0 "$app_pid" 2>/dev/null || { echo "the host exited:" >&2; tail -n 40 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fs -o /dev/null "$base_url/health/ready" || { echo "the host is not ready after 120 s" >&2; tail -n 40 "$work/app.log" >&2; exit 1; }
answer=$(curl -fsS -D "$work/headers" -H "Authorization: Bearer $demo_api_key" -H 'Content-Type: application/json' -H 'Cache-Control: no-cache' \
  -d '{"model":"auto","messages":[{"role":"user","content":"When is the renewal due?"}]}' "$base_url/v1/chat/completions") \
  || { echo "the host refused the completion:" >&2; tail -n 20 "$work/app.log" >&2; exit 1; }
grep -qi '^x-rc-model: gpt-4.1-nano' "$work/headers" && grep -q 'renewal is due' <<<"$answer" \
  || { echo "the completion did not come from the fake provider: $answer" >&2; exit 1; }

# latency NAME URL SECONDS: one wrk run with one connection; prints its RESULT line.
latency() {
  RC_BENCH_API_KEY=$demo_api_key wrk -t1 -c1 -d "${3}s" --timeout 5s -s "$RC_BENCH_DIR/ai-http.lua" "$2/v1/chat/completions" \
    | sed -n "s/^RESULT /$1 /p"
}

# field LINE NAME: one value of a RESULT line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# The host's warm-up is longer: its code is recompiled with profile data for the first half minute or so.
echo "== warm-up (10 s for the fake, 30 s for the host, not reported)"
latency warmup "$fake_url" 10 >/dev/null
latency warmup "$base_url" 30 >/dev/null

echo "== added latency: $rounds rounds of ${duration} s each (the fake, then the host), 1 connection"
statements() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d relationship_care -qAt -F ' | ' -c "$1"; }
runs=()
added=()
perf_pid=""
per_request=""
for round in $(seq 1 "$rounds"); do
  direct=$(latency "direct$round" "$fake_url" "$duration")
  # The first round's run through the host is the one profiled or counted, when asked.
  if [ "$round" -eq 1 ] && [ -n "${RC_BENCH_PERF:-}" ]; then
    perf record -e cpu-clock -F 499 -g -p "$app_pid" -o "$RC_BENCH_PERF" -- sleep "$duration" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  [ "$round" -eq 1 ] && [ -n "${RC_BENCH_STATEMENTS:-}" ] && statements "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()" >/dev/null
  through=$(latency "host$round" "$base_url" "$duration")
  if [ "$round" -eq 1 ]; then
    [ -n "$perf_pid" ] && wait "$perf_pid"
    if [ -n "${RC_BENCH_STATEMENTS:-}" ]; then
      requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$through")
      per_request=$(
        echo
        echo "SQL statements per request through the host (pg_stat_statements over the $requests requests of the first round):"
        echo
        echo "| per request | mean ms | statement |"
        echo "|---:|---:|---|"
        statements "select round(calls::numeric / $requests, 2), round(mean_exec_time::numeric, 3), '\`' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) || '\`'
          from pg_stat_statements where query not like '%pg_stat_statements%' and calls >= $requests / 2 order by calls desc, query" | sed 's/^/| /; s/$/ |/'
        echo
        statements "select 'in all: ' || round(sum(calls)::numeric / $requests, 1) || ' statements per request, ' || round(sum(total_exec_time)::numeric / $requests, 3) || ' ms of execution'
          from pg_stat_statements where query not like '%pg_stat_statements%'"
      )
    fi
  fi
  runs+=("$direct" "$through")
  added+=("$(awk -v h="$(field "$through" p50_ms)" -v d="$(field "$direct" p50_ms)" 'BEGIN { printf "%.2f", h - d }')")
done
load_latency=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== $streams concurrent streams"
run_streams() {
  dotnet "$work/bench/RelationshipCare.AiHttpBench.dll" streams --url "$base_url/v1/chat/completions" --key "$demo_api_key" --count "$streams" \
    | sed -n "s/^RESULT /$1 /p"
}
run_streams warmup >/dev/null || true
instant=$(run_streams instant || true)
start_fake "$stream_delay"
paced=$(run_streams paced || true)
load_streams=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
  "os: $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version)"
echo
echo "Added latency (wrk -t1 -c1 -d${duration}s, POST /v1/chat/completions, not streamed, cache bypassed); load average after: $load_latency"
echo
echo "| target | requests/s | p50 ms | p95 ms | p99 ms | max ms | socket errors | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for line in "${runs[@]}"; do
  round=$(cut -d' ' -f1 <<<"$line" | tr -dc '0-9')
  name="round $round: the fake provider, directly"
  [ "$(cut -d' ' -f1 <<<"$line" | tr -d '0-9')" = host ] && name="round $round: the host (auto → gpt-4.1-nano at the fake)"
  echo "| $name | $(field "$line" rps) | $(field "$line" p50_ms) | $(field "$line" p95_ms) | $(field "$line" p99_ms) | $(field "$line" max_ms) | $(field "$line" socket_errors) | $(field "$line" http_errors) |"
done
median=$(printf '%s\n' "${added[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
echo
echo "added latency at p50, per round: ${added[*]} ms; median $median ms (target < 0.5 ms): $(awk -v m="$median" 'BEGIN { print (m < 0.5 ? "met" : "missed") }')"
[ -n "$per_request" ] && echo "$per_request"
echo
echo "$streams streamed completions sent at once, each read to data: [DONE]; load average after: $load_streams"
echo
echo "| fake provider | ok | failed | most open at once | seconds | streams/s | p50 ms | p99 ms | max ms | failures |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for line in "$instant" "$paced"; do
  name="answers at once"
  [ "$(cut -d' ' -f1 <<<"$line")" = paced ] && name="7 pieces, ${stream_delay} ms apart"
  echo "| $name | $(field "$line" ok) | $(field "$line" failed) | $(field "$line" peak_open) | $(field "$line" seconds) | $(field "$line" streams_per_s) | $(field "$line" p50_ms) | $(field "$line" p99_ms) | $(field "$line" max_ms) | $(field "$line" failures) |"
done
