using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

/// <summary>
/// The counters in Redis, shared by every instance: each counter is a hash (<c>spent</c>, <c>reserved</c>) and each
/// hold a string (its amount). Every operation is one Lua script over all of the request's counters, which Redis runs
/// atomically, so concurrent requests on any number of instances can never push a counter past its limit.
/// <para>
/// A small request takes an allowance with it: up to <see cref="AiBudgetOptions.AllowanceUsd"/> more, held in Redis
/// under a hold of its own, which the next requests for the same budgets draw from in this process without a round
/// trip. Draws are settled like any hold; what is left goes back when the allowance expires, runs short, or the
/// instance stops. An allowance never takes more than an eighth of what a budget has left, so near a limit the other
/// instances are refused at most that much, for at most <see cref="AiBudgetOptions.AllowanceSeconds"/>. What it costs:
/// if the instance dies, what it had not drawn stays held until the budget's period ends; if Redis loses its data, the
/// counters are rebuilt without it, and the instance may still draw what is left of it (at most one allowance per set
/// of budgets) before it notices at the next settlement.
/// </para>
/// </summary>
internal sealed partial class RedisBudgetStore : IBudgetStore, IDisposable
{
    private const string CounterPrefix = "rc:ai:budget:";
    private const string HoldPrefix = "rc:ai:hold:";

    /// <summary>A hold outlives any run (the stale-reservation job settles a dead one within the hour and ten minutes).</summary>
    private static readonly TimeSpan HoldLifetime = TimeSpan.FromDays(2);

    // KEYS: the counters, the request's hold, then the allowance's hold. ARGV: the amount, the holds' lifetime (s), the
    // most an allowance may add (it adds at most an eighth of the least any counter has left), then each counter's
    // limit. Returns { status, counter, held }: a ReserveStatus (0 held, or already held by this request; 1 missing;
    // 2 refused; 3 exhausted), the 1-based counter it is about, and what was held: the amount under the request's
    // hold, or more than the amount under the allowance's.
    private const string ReserveScript =
        """
        local n = #KEYS - 2
        local amount = tonumber(ARGV[1])
        local room = nil
        for i = 1, n do
          local use = redis.call('HMGET', KEYS[i], 'spent', 'reserved')
          if not use[1] then return { 1, i, 0 } end
          local used = tonumber(use[1]) + tonumber(use[2])
          local limit = tonumber(ARGV[i + 3])
          if used >= limit then return { 3, i, 0 } end
          if used + amount > limit then return { 2, i, 0 } end
          local left = limit - used - amount
          if not room or left < room then room = left end
        end
        if amount == 0 then return { 0, 0, 0 } end
        local extra = math.min(tonumber(ARGV[3]), math.floor((room or 0) / 8))
        local held = amount + extra
        local hold = KEYS[n + 1]
        if extra > 0 then hold = KEYS[n + 2] end
        if redis.call('SET', hold, held, 'NX', 'EX', ARGV[2]) then
          for i = 1, n do redis.call('HINCRBY', KEYS[i], 'reserved', held) end
        end
        return { 0, 0, held }
        """;

    // KEYS: the counters, then the hold. ARGV: the actual cost, then how much of the hold to release (all of it when
    // not given). Returns 1 when the hold was there to release from.
    private const string SettleScript =
        """
        local n = #KEYS - 1
        local held = redis.call('GET', KEYS[n + 1])
        if not held then return 0 end
        local release = tonumber(ARGV[2] or held)
        if tonumber(held) > release then
          redis.call('DECRBY', KEYS[n + 1], release)
        else
          redis.call('DEL', KEYS[n + 1])
        end
        for i = 1, n do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            redis.call('HINCRBY', KEYS[i], 'reserved', -release)
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

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisBudgetStore> _logger;
    private readonly long _allowanceMicros;
    private readonly TimeSpan _allowanceLifetime;

    /// <summary>The live allowance of each set of budget lines (with their limits).</summary>
    private readonly ConcurrentDictionary<string, BudgetAllowance> _allowances = new();

    /// <summary>The requests that drew from an allowance and are not settled yet.</summary>
    private readonly ConcurrentDictionary<Guid, Draw> _draws = new();

    /// <summary>Gates for taking allowances, one per set of budgets (by hash: a fixed number, never cleaned up).</summary>
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly ITimer _sweeper;

    public RedisBudgetStore(IConnectionMultiplexer redis, IOptions<AiRoutingOptions> options, TimeProvider time, ILogger<RedisBudgetStore> logger)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _allowanceMicros = Micros.FromUsd(options.Value.Budgets.AllowanceUsd);
        _allowanceLifetime = TimeSpan.FromSeconds(options.Value.Budgets.AllowanceSeconds);
        _sweeper = time.CreateTimer(_ => _ = ReturnAsync(expiredOnly: true), null, _allowanceLifetime, _allowanceLifetime);
    }

    public async ValueTask<BudgetUse?[]> ReadAsync(IReadOnlyList<string> keys)
    {
        var database = _redis.GetDatabase();
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
        var key = AllowanceKey(lines);
        if (_draws.ContainsKey(requestId) || TryDraw(key, requestId, amountMicros))
        {
            return new ReserveOutcome(ReserveStatus.Reserved, -1);
        }

        if (amountMicros == 0 || _allowanceMicros == 0)
        {
            return await ReserveInRedisAsync(requestId, lines, amountMicros, key);
        }

        // One allowance at a time per set of budgets: the requests that wait draw from the one taken meanwhile.
        var gate = _gates[(key.GetHashCode() & int.MaxValue) % _gates.Length];
        await gate.WaitAsync();
        try
        {
            if (TryDraw(key, requestId, amountMicros))
            {
                return new ReserveOutcome(ReserveStatus.Reserved, -1);
            }

            // Spent or expired: what is left of it goes back before a new one is taken, so it counts against nobody.
            if (_allowances.TryGetValue(key, out var spent))
            {
                await RetireAsync(spent);
            }

            return await ReserveInRedisAsync(requestId, lines, amountMicros, key);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The draws from one allowance are settled together: one round trip for all of them.</summary>
    public async ValueTask<int> SettleAsync(IReadOnlyList<BudgetSettlement> settlements)
    {
        var drawn = new Dictionary<BudgetAllowance, List<(BudgetSettlement Settlement, long Drawn)>>();
        var own = new List<BudgetSettlement>();
        foreach (var settlement in settlements)
        {
            if (_draws.TryRemove(settlement.RequestId, out var draw))
            {
                (drawn.TryGetValue(draw.Allowance, out var draws) ? draws : drawn[draw.Allowance] = []).Add((settlement, draw.AmountMicros));
            }
            else
            {
                own.Add(settlement);
            }
        }

        var settled = await Task.WhenAll([.. drawn.Select(group => SettleDrawsAsync(group.Key, group.Value)), OwnHoldsAsync(own)]);
        return settled.Sum();
    }

    public Task ReturnAllowancesAsync() => ReturnAsync(expiredOnly: false);

    public void Dispose() => _sweeper.Dispose();

    public async ValueTask SeedAsync(string key, BudgetUse use, IReadOnlyList<BudgetHold> holds, TimeSpan lifetime)
    {
        RedisKey[] keys = [CounterPrefix + key, .. holds.Select(hold => HoldKey(hold.RequestId))];
        RedisValue[] arguments =
        [
            use.SpentMicros, use.ReservedMicros, (long)Math.Ceiling(lifetime.TotalSeconds), (long)HoldLifetime.TotalSeconds,
            .. holds.Select(hold => (RedisValue)hold.AmountMicros),
        ];
        await _redis.GetDatabase().ScriptEvaluateAsync(SeedScript, keys, arguments);
    }

    /// <summary>
    /// Gives back what the allowances have left, only the expired ones when <paramref name="expiredOnly"/>: on a timer,
    /// so an idle instance holds nothing for long.
    /// </summary>
    private async Task ReturnAsync(bool expiredOnly)
    {
        var now = _time.GetTimestamp();
        foreach (var allowance in _allowances.Values)
        {
            if (!expiredOnly || allowance.IsExpired(now))
            {
                await RetireAsync(allowance);
            }
        }
    }

    private async Task<int> SettleDrawsAsync(BudgetAllowance allowance, List<(BudgetSettlement Settlement, long Drawn)> draws)
    {
        if (await ReleaseAsync(draws[0].Settlement.Keys, allowance.HoldId, draws.Sum(d => d.Settlement.ActualMicros), draws.Sum(d => d.Drawn)))
        {
            return draws.Count;
        }

        // The allowance's hold is gone: Redis lost it, and the counters were (or will be) rebuilt from the rows, which
        // know nothing of it. Draw no more from it; a rebuild gave each of these requests a hold of its own.
        allowance.Retire();
        return await OwnHoldsAsync([.. draws.Select(d => d.Settlement)]);
    }

    /// <summary>Settles requests held under their own ids (not drawn from an allowance).</summary>
    private async Task<int> OwnHoldsAsync(IReadOnlyList<BudgetSettlement> settlements)
    {
        var released = await Task.WhenAll(settlements.Select(s => ReleaseAsync(s.Keys, s.RequestId, s.ActualMicros, releaseMicros: null)));
        return released.Count(found => found);
    }

    /// <summary>A live allowance is budget not spent yet: a check (amount 0) passes, and a draw that fits is taken.</summary>
    private bool TryDraw(string key, Guid requestId, long amountMicros)
    {
        if (!_allowances.TryGetValue(key, out var allowance))
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (amountMicros == 0)
        {
            return allowance.IsLive(now);
        }

        if (!allowance.TryDraw(amountMicros, now))
        {
            return false;
        }

        _draws[requestId] = new Draw(allowance, amountMicros);
        return true;
    }

    /// <summary>Holds the amount in Redis, and an allowance beside it when the budgets have room for one.</summary>
    private async Task<ReserveOutcome> ReserveInRedisAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros, string key)
    {
        var allowance = Guid.CreateVersion7();
        RedisKey[] keys = [.. lines.Select(line => (RedisKey)(CounterPrefix + line.Key)), HoldKey(requestId), HoldKey(allowance)];
        RedisValue[] arguments = [amountMicros, (long)HoldLifetime.TotalSeconds, _allowanceMicros, .. lines.Select(line => (RedisValue)line.LimitMicros)];
        var outcome = (long[])(await _redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, keys, arguments))!;
        var (status, held) = ((ReserveStatus)outcome[0], outcome[2]);
        if (status == ReserveStatus.Reserved && held > amountMicros)
        {
            var expiresAt = _time.GetTimestamp() + (long)(_allowanceLifetime.TotalSeconds * _time.TimestampFrequency);
            var taken = new BudgetAllowance(allowance, key, [.. lines.Select(line => line.Key)], held - amountMicros, expiresAt);
            _draws[requestId] = new Draw(taken, amountMicros);
            _allowances[key] = taken;
        }

        return new ReserveOutcome(status, (int)outcome[1] - 1);
    }

    /// <summary>
    /// Ends an allowance and gives back what it has left (its draws stay held until they are settled), once however
    /// often it is called. A failure only leaves that much held until the budgets' period ends.
    /// </summary>
    private async Task RetireAsync(BudgetAllowance allowance)
    {
        _allowances.TryRemove(new(allowance.Lines, allowance));
        var left = allowance.Retire();
        if (left == 0)
        {
            return;
        }

        try
        {
            await ReleaseAsync(allowance.Keys, allowance.HoldId, actualMicros: 0, releaseMicros: left);
        }
        // The timer may still tick while the host stops and the connection is closed.
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogReturnFailed(_logger, exception, left);
        }
    }

    private async Task<bool> ReleaseAsync(IReadOnlyList<string> keys, Guid holdId, long actualMicros, long? releaseMicros)
    {
        RedisKey[] redisKeys = [.. keys.Select(key => (RedisKey)(CounterPrefix + key)), HoldKey(holdId)];
        RedisValue[] arguments = releaseMicros is { } release ? [actualMicros, release] : [actualMicros];
        return (long)await _redis.GetDatabase().ScriptEvaluateAsync(SettleScript, redisKeys, arguments) == 1;
    }

    /// <summary>The key of a set of budget lines: their counters and limits, so a changed limit takes a new allowance.</summary>
    private static string AllowanceKey(IReadOnlyList<BudgetLine> lines) =>
        string.Join('|', lines.Select(line => $"{line.Key}={line.LimitMicros}"));

    private static RedisKey HoldKey(Guid requestId) => $"{HoldPrefix}{requestId:N}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unused AI budget allowance of {Micros} µ$ could not be given back; it stays held until its budgets' period ends")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception, long micros);

    private sealed record Draw(BudgetAllowance Allowance, long AmountMicros);
}
