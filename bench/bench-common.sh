# What bench/load.sh and bench/ai-http.sh share: the tools they need, a throwaway folder, PostgreSQL and Redis on the
# ports the caller set ($pg_port, $redis_port), and a cleanup that stops everything they started ($app_pid,
# $fake_pid). Sourced, not run: `. "$root/bench/bench-common.sh"`.

need() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (install them, or run as root on Debian)" >&2
    exit 1
  fi
}

need wrk:wrk redis-server:redis-server redis-cli:redis-server curl:curl
[ -n "${RC_BENCH_PERF:-}" ] && need perf:linux-perf
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$pg_bin" ]; then
  need initdb:postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

work=$(mktemp -d)
chmod 755 "$work" # the postgres user must reach its data folder inside
app_pid=""
fake_pid=""
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(runuser -u postgres --)
fi

stop() {
  if [ -n "$1" ]; then
    kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
  fi
  return 0
}

cleanup() {
  set +e
  stop "$app_pid"
  stop "$fake_pid"
  [ -n "${RC_BENCH_KEEP:-}" ] && mkdir -p "$RC_BENCH_KEEP" && cp "$work/app.log" "$RC_BENCH_KEEP/" 2>/dev/null
  [ -f "$work/redis/redis.pid" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  [ -f "$work/pg/data/postmaster.pid" ] && "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_servers [POSTGRES_OPTIONS]: a throwaway PostgreSQL (with database relationship_care) and Redis.
start_servers() {
  echo "== PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
  mkdir -p "$work/pg" "$work/redis"
  [ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 30 \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${1:-}" start >/dev/null
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database relationship_care" >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$work/redis" \
    --pidfile "$work/redis/redis.pid" --save "" --appendonly no --logfile "$work/redis/log"
}
