using StackExchange.Redis;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Limits;

/// <summary>
/// Counters in Redis, shared by every instance of the platform: each window is a hash of segment → units, and the
/// concurrency slots a sorted set of leases scored by their expiry (so a crashed instance's slots come back). One
/// Lua script checks every window and the slots and takes from all of them, or from none, atomically.
/// Time is the caller's clock (instances keep NTP time; a segment is far longer than their drift).
/// </summary>
internal sealed class RedisQuotaStore(
    IConnectionMultiplexer redis, string keyPrefix, IReadOnlyList<CrmLimitWindow> windows, int? concurrency, TimeSpan leaseTimeout, TimeProvider time)
    : ICrmQuotaStore
{
    // KEYS: one hash per window, then the slots' sorted set.
    // ARGV: now (ms), cost, window count, then per window: limit, segment (ms), segments; then slot limit (0 = none), lease id, lease expiry (ms).
    // Returns 0 when granted, else the milliseconds until a retry can succeed.
    private const string AcquireScript =
        """
        local now = tonumber(ARGV[1])
        local cost = tonumber(ARGV[2])
        local count = tonumber(ARGV[3])
        local wait = 0
        for i = 1, count do
          local limit = tonumber(ARGV[1 + i * 3])
          local segment = tonumber(ARGV[2 + i * 3])
          local segments = tonumber(ARGV[3 + i * 3])
          local current = math.floor(now / segment)
          local oldest = current - segments
          local entries = redis.call('HGETALL', KEYS[i])
          local live = {}
          local used = 0
          for j = 1, #entries, 2 do
            local at = tonumber(entries[j])
            if at < oldest then
              redis.call('HDEL', KEYS[i], entries[j])
            else
              used = used + tonumber(entries[j + 1])
              table.insert(live, { at, tonumber(entries[j + 1]) })
            end
          end
          if used + cost > limit then
            table.sort(live, function(a, b) return a[1] < b[1] end)
            local needed = used + cost - limit
            local freed = 0
            local until_ms = (current + segments + 1) * segment - now
            for _, entry in ipairs(live) do
              freed = freed + entry[2]
              if freed >= needed then
                until_ms = (entry[1] + segments + 1) * segment - now
                break
              end
            end
            if until_ms > wait then wait = until_ms end
          end
        end
        local slots = tonumber(ARGV[4 + count * 3])
        local slotsKey = KEYS[count + 1]
        if slots > 0 then
          redis.call('ZREMRANGEBYSCORE', slotsKey, '-inf', now)
          if redis.call('ZCARD', slotsKey) >= slots then
            if wait < 50 then wait = 50 end
          end
        end
        if wait > 0 then return wait end
        for i = 1, count do
          local segment = tonumber(ARGV[2 + i * 3])
          local segments = tonumber(ARGV[3 + i * 3])
          redis.call('HINCRBY', KEYS[i], math.floor(now / segment), cost)
          redis.call('PEXPIRE', KEYS[i], (segments + 2) * segment)
        end
        if slots > 0 then
          redis.call('ZADD', slotsKey, tonumber(ARGV[6 + count * 3]), ARGV[5 + count * 3])
          redis.call('PEXPIRE', slotsKey, tonumber(ARGV[6 + count * 3]) - now + 60000)
        end
        return 0
        """;

    // KEYS[1]: the window's hash. ARGV: now (ms), limit, segment (ms), segments, remaining.
    private const string CalibrateScript =
        """
        local now = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local segment = tonumber(ARGV[3])
        local segments = tonumber(ARGV[4])
        local remaining = tonumber(ARGV[5])
        local current = math.floor(now / segment)
        local entries = redis.call('HGETALL', KEYS[1])
        local used = 0
        for j = 1, #entries, 2 do
          if tonumber(entries[j]) >= current - segments then used = used + tonumber(entries[j + 1]) end
        end
        local excess = limit - used - remaining
        if excess > 0 then
          redis.call('HINCRBY', KEYS[1], current, excess)
          redis.call('PEXPIRE', KEYS[1], (segments + 2) * segment)
        end
        return excess
        """;

    // KEYS: one hash per window, then the slots' sorted set. ARGV: window count, cost, then per window: the segment
    // the units were taken in, the segment the call ended in, the hash's expiry (ms); then the lease id ('' = none).
    private const string SettleScript =
        """
        local count = tonumber(ARGV[1])
        local cost = tonumber(ARGV[2])
        for i = 1, count do
          local from = ARGV[i * 3]
          local to = ARGV[i * 3 + 1]
          if from ~= to then
            if redis.call('HINCRBY', KEYS[i], from, -cost) <= 0 then redis.call('HDEL', KEYS[i], from) end
            redis.call('HINCRBY', KEYS[i], to, cost)
            redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[i * 3 + 2]))
          end
        end
        local lease = ARGV[count * 3 + 3]
        if lease ~= '' then redis.call('ZREM', KEYS[count + 1], lease) end
        return 0
        """;

    private readonly RedisKey[] _keys =
        [.. windows.Select(w => (RedisKey)$"{keyPrefix}:{w.Name}"), (RedisKey)$"{keyPrefix}:slots"];

    public async ValueTask<QuotaAttempt> TryAcquireAsync(int cost, CancellationToken cancellationToken)
    {
        var taken = time.GetUtcNow();
        var now = taken.ToUnixTimeMilliseconds();
        var leaseId = Guid.NewGuid().ToString("N");
        var arguments = new List<RedisValue> { now, cost, windows.Count };
        foreach (var window in windows)
        {
            arguments.Add(window.Limit);
            arguments.Add((long)window.Segment.TotalMilliseconds);
            arguments.Add(window.Segments);
        }

        arguments.Add(concurrency ?? 0);
        arguments.Add(leaseId);
        arguments.Add(now + (long)leaseTimeout.TotalMilliseconds);

        var database = redis.GetDatabase();
        var wait = (long)await database.ScriptEvaluateAsync(AcquireScript, _keys, [.. arguments]);
        if (wait > 0)
        {
            return QuotaAttempt.Refused(TimeSpan.FromMilliseconds(wait));
        }

        return new QuotaAttempt(true, TimeSpan.Zero, new Lease(this, cost, taken, concurrency is null ? "" : leaseId));
    }

    public async ValueTask CalibrateAsync(string window, long remaining, CancellationToken cancellationToken)
    {
        var index = windows.ToList().FindIndex(w => w.Name == window);
        if (index < 0)
        {
            return;
        }

        var limit = windows[index];
        await redis.GetDatabase().ScriptEvaluateAsync(
            CalibrateScript,
            [_keys[index]],
            [time.GetUtcNow().ToUnixTimeMilliseconds(), limit.Limit, (long)limit.Segment.TotalMilliseconds, limit.Segments, remaining]);
    }

    public void Dispose()
    {
        // The connection is the platform's; nothing of this store's own to release.
    }

    private async ValueTask SettleAsync(int cost, DateTimeOffset taken, string leaseId)
    {
        var ended = time.GetUtcNow();
        var arguments = new List<RedisValue> { windows.Count, cost };
        foreach (var window in windows)
        {
            arguments.Add(window.SegmentOf(taken));
            arguments.Add(window.SegmentOf(ended));
            arguments.Add((long)(window.Segment * (window.Segments + 2)).TotalMilliseconds);
        }

        arguments.Add(leaseId);
        await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, _keys, [.. arguments]);
    }

    private sealed class Lease(RedisQuotaStore store, int cost, DateTimeOffset taken, string leaseId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => store.SettleAsync(cost, taken, leaseId);
    }
}
