using StackExchange.Redis;

namespace RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

/// <summary>
/// The counters in Redis, shared by every instance: each counter is a hash (<c>spent</c>, <c>reserved</c>) and each
/// running request's hold a string (its amount). Every operation is one Lua script over all of the request's counters,
/// which Redis runs atomically, so concurrent requests on any number of instances can never push a counter past its limit.
/// </summary>
internal sealed class RedisBudgetStore(IConnectionMultiplexer redis) : IBudgetStore
{
    private const string CounterPrefix = "rc:ai:budget:";
    private const string HoldPrefix = "rc:ai:hold:";

    /// <summary>A hold outlives any run (the stale-reservation job settles a dead one within the hour and ten minutes).</summary>
    private static readonly TimeSpan HoldLifetime = TimeSpan.FromDays(2);

    // KEYS: the counters, then the hold. ARGV: the amount, the hold's lifetime (s), then each counter's limit.
    // Returns { status, counter }: a ReserveStatus (0 held, or already held by this request; 1 missing; 2 refused;
    // 3 exhausted) and the 1-based counter it is about.
    private const string ReserveScript =
        """
        local n = #KEYS - 1
        local amount = tonumber(ARGV[1])
        for i = 1, n do
          local use = redis.call('HMGET', KEYS[i], 'spent', 'reserved')
          if not use[1] then return { 1, i } end
          local used = tonumber(use[1]) + tonumber(use[2])
          local limit = tonumber(ARGV[i + 2])
          if used >= limit then return { 3, i } end
          if used + amount > limit then return { 2, i } end
        end
        if amount > 0 and redis.call('SET', KEYS[n + 1], amount, 'NX', 'EX', ARGV[2]) then
          for i = 1, n do redis.call('HINCRBY', KEYS[i], 'reserved', amount) end
        end
        return { 0, 0 }
        """;

    // KEYS: the counters, then the hold. ARGV: the actual cost. Returns 1 when this call settled the hold.
    private const string SettleScript =
        """
        local n = #KEYS - 1
        local amount = redis.call('GET', KEYS[n + 1])
        if not amount then return 0 end
        redis.call('DEL', KEYS[n + 1])
        for i = 1, n do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            redis.call('HINCRBY', KEYS[i], 'reserved', -tonumber(amount))
            redis.call('HINCRBY', KEYS[i], 'spent', ARGV[1])
          end
        end
        return 1
        """;

    // KEYS: the counter, then the holds it includes. ARGV: spent, reserved, the counter's lifetime (s), the holds'
    // lifetime (s), then each hold's amount. Creates nothing when the counter exists.
    private const string SeedScript =
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'spent', ARGV[1], 'reserved', ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 3], 'NX', 'EX', ARGV[4]) end
        return 1
        """;

    public async ValueTask<BudgetUse?[]> ReadAsync(IReadOnlyList<string> keys)
    {
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var reads = keys.Select(key => batch.HashGetAsync(CounterPrefix + key, [(RedisValue)"spent", (RedisValue)"reserved"])).ToList();
        batch.Execute();
        var uses = new BudgetUse?[keys.Count];
        for (var i = 0; i < reads.Count; i++)
        {
            var values = await reads[i];
            uses[i] = values[0].IsNull ? null : new BudgetUse((long)values[0], (long)values[1]);
        }

        return uses;
    }

    public async ValueTask<ReserveOutcome> ReserveAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros)
    {
        RedisKey[] keys = [.. lines.Select(line => (RedisKey)(CounterPrefix + line.Key)), HoldKey(requestId)];
        RedisValue[] arguments = [amountMicros, (long)HoldLifetime.TotalSeconds, .. lines.Select(line => (RedisValue)line.LimitMicros)];
        var outcome = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, keys, arguments))!;
        return new ReserveOutcome((ReserveStatus)outcome[0], (int)outcome[1] - 1);
    }

    public async ValueTask<bool> SettleAsync(Guid requestId, IReadOnlyList<string> keys, long actualMicros)
    {
        RedisKey[] redisKeys = [.. keys.Select(key => (RedisKey)(CounterPrefix + key)), HoldKey(requestId)];
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, redisKeys, [actualMicros]) == 1;
    }

    public async ValueTask SeedAsync(string key, BudgetUse use, IReadOnlyList<BudgetHold> holds, TimeSpan lifetime)
    {
        RedisKey[] keys = [CounterPrefix + key, .. holds.Select(hold => HoldKey(hold.RequestId))];
        RedisValue[] arguments =
        [
            use.SpentMicros, use.ReservedMicros, (long)Math.Ceiling(lifetime.TotalSeconds), (long)HoldLifetime.TotalSeconds,
            .. holds.Select(hold => (RedisValue)hold.AmountMicros),
        ];
        await redis.GetDatabase().ScriptEvaluateAsync(SeedScript, keys, arguments);
    }

    private static RedisKey HoldKey(Guid requestId) => $"{HoldPrefix}{requestId:N}";
}
