-- wrk script for bench/ai-http.sh: load.lua's API key header and RESULT line, with an OpenAI chat completion as the
-- body. Cache-Control: no-cache makes the router skip its answer cache, so every request reaches the provider.
dofile(os.getenv("RC_BENCH_DIR") .. "/load.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cache-Control"] = "no-cache"
wrk.body = '{"model":"auto","messages":[{"role":"user","content":"When is the renewal due?"}]}'
