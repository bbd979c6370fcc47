-- wrk script for bench/load.sh: sends the API key from RC_BENCH_API_KEY (when set) as a bearer token, and prints
-- one machine-readable line at the end: requests/s, p50, p95 and p99 in milliseconds, and every kind of failure.
local api_key = os.getenv("RC_BENCH_API_KEY")
if api_key ~= nil and api_key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. api_key
end
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f socket_errors=%d http_errors=%d\n",
    summary.requests,
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000,
    errors.connect + errors.read + errors.write + errors.timeout,
    errors.status))
end
