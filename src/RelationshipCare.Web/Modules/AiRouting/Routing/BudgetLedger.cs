using System.Globalization;
using ErrorOr;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>One budget a request is charged to: a counter and the limit it must stay within.</summary>
internal sealed record BudgetLine(string Key, string Description, long LimitMicros);

/// <summary>
/// Reserve-then-settle budgets. The counters live in a fast atomic store (<see cref="IBudgetStore"/>: Redis, or this
/// process without it), which checks and holds the estimate on every budget the request is charged to (the agent's and
/// the team's, daily and monthly) all or none, so concurrent requests can never overspend. The reservation's row in
/// PostgreSQL is the durable truth: written (or, for an agent's request, queued) once the hold is taken and marked
/// settled with the actual cost; a counter the store does not hold is rebuilt from those rows before it is used.
/// </summary>
internal sealed class BudgetLedger(Lazy<AiRoutingDbContext> db, UnitOfWork unitOfWork, IBudgetStore store, AiRecordWriter writer, HybridCache cache, IOptions<AiRoutingOptions> options, TimeProvider time)
{
    /// <summary>The cache tag of every agent's and team's budget overrides: saving one clears them.</summary>
    public const string OverridesTag = "ai:budgets";

    /// <summary>Enough attempts for counters rebuilt while another instance's rebuild races them.</summary>
    private const int ReserveAttempts = 4;

    private static readonly HybridCacheEntryOptions OverridesEntry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    /// <summary>The budgets a caller's requests are charged to today, in a fixed order.</summary>
    public async Task<IReadOnlyList<BudgetLine>> LinesAsync(AiCaller caller, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Budgets;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var own = await cache.GetOrCreateAsync(
            $"ai:budgets:{caller.AgentId:N}:{caller.TeamId:N}",
            (db, caller),
            static async (state, ct) => await state.db.Value.Budgets.AsNoTracking()
                .Where(b => (b.Scope == BudgetScope.Agent && b.ScopeId == state.caller.AgentId) || (b.Scope == BudgetScope.Team && b.ScopeId == state.caller.TeamId))
                .Select(b => new BudgetOverride(b.Scope, b.DailyLimitMicros, b.MonthlyLimitMicros))
                .ToArrayAsync(ct),
            OverridesEntry,
            [OverridesTag],
            cancellationToken);
        var agent = own.FirstOrDefault(b => b.Scope == BudgetScope.Agent);
        var lines = new List<BudgetLine>
        {
            new($"agent:{caller.AgentId:N}:day:{day}", "your daily AI budget", agent?.DailyLimitMicros ?? Micros.FromUsd(defaults.AgentDailyUsd)),
            new($"agent:{caller.AgentId:N}:month:{month}", "your monthly AI budget", agent?.MonthlyLimitMicros ?? Micros.FromUsd(defaults.AgentMonthlyUsd)),
        };
        if (caller.TeamId is { } teamId)
        {
            var team = own.FirstOrDefault(b => b.Scope == BudgetScope.Team);
            lines.Add(new($"team:{teamId:N}:day:{day}", "your team's daily AI budget", team?.DailyLimitMicros ?? Micros.FromUsd(defaults.TeamDailyUsd)));
            lines.Add(new($"team:{teamId:N}:month:{month}", "your team's monthly AI budget", team?.MonthlyLimitMicros ?? Micros.FromUsd(defaults.TeamMonthlyUsd)));
        }

        return lines;
    }

    /// <summary>
    /// Refuses early when a budget has nothing left, before the cache, the estimate or any provider: a reservation of
    /// nothing, which a live allowance answers without a round trip.
    /// </summary>
    public Task<ErrorOr<Success>> CheckAsync(IReadOnlyList<BudgetLine> lines, CancellationToken cancellationToken) =>
        ReserveAsync(Guid.Empty, lines, 0, writeBehind: true, cancellationToken);

    /// <summary>What the counters hold now, each rebuilt from the database first when the store does not hold it.</summary>
    public async Task<BudgetUse[]> UsageAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var uses = await store.ReadAsync(keys);
        if (uses.All(use => use is not null))
        {
            return [.. uses.Select(use => use!.Value)];
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (uses[i] is null)
            {
                await RebuildAsync(keys[i], cancellationToken);
            }
        }

        return [.. (await store.ReadAsync(keys)).Select(use => use ?? default)];
    }

    /// <summary>
    /// Holds <paramref name="amountMicros"/> on every line, or on none and says which budget has too little left (or
    /// none at all: an amount of 0 only checks). The hold is taken before any provider is called; its durable row
    /// follows. An agent's request hands the row to <see cref="AiRecordWriter"/>, so no database round trip waits in
    /// front of the answer; a job (<paramref name="writeBehind"/> false) writes it at once. A run whose instance dies is
    /// then found and settled at its estimate by <see cref="Features.ReleaseStaleReservations"/>; one that dies before
    /// its row is written stays held in the store until the budget's period ends, so it is charged its estimate as well.
    /// </summary>
    public async Task<ErrorOr<Success>> ReserveAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros, bool writeBehind, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await store.ReserveAsync(requestId, lines, amountMicros);
            switch (outcome.Status)
            {
                case ReserveStatus.Exhausted:
                    return AiRoutingErrors.BudgetExhausted(lines[outcome.LineIndex].Description, lines[outcome.LineIndex].LimitMicros);
                case ReserveStatus.Refused:
                    return AiRoutingErrors.OverBudget(lines[outcome.LineIndex].Description, amountMicros, lines[outcome.LineIndex].LimitMicros);
                case ReserveStatus.Missing when attempt == ReserveAttempts:
                    throw new InvalidOperationException($"The budget counter {lines[outcome.LineIndex].Key} could not be rebuilt.");
                case ReserveStatus.Missing:
                    // The first request of a day or month finds several counters missing: rebuild all of them at once.
                    await UsageAsync([.. lines.Select(l => l.Key)], cancellationToken);
                    continue;
            }

            break;
        }

        if (amountMicros == 0)
        {
            return Result.Success;
        }

        var keys = lines.Select(l => l.Key).ToList();
        var reservation = new BudgetReservation { RequestId = requestId, CounterKeys = keys, AmountMicros = amountMicros, CreatedAt = time.GetUtcNow() };
        if (writeBehind)
        {
            await writer.WriteAsync(reservation);
            return Result.Success;
        }

        try
        {
            // Its own unit (or the running one's): durable before the model is called.
            await unitOfWork.RunAsync(_ =>
            {
                db.Value.Reservations.Add(reservation);
                return Task.CompletedTask;
            }, cancellationToken);
        }
        catch
        {
            // Without its durable row the hold could never be found again: give it back.
            await store.SettleAsync([new BudgetSettlement(requestId, keys, 0)]);
            throw;
        }

        return Result.Success;
    }

    /// <summary>
    /// Releases the reservation and charges <paramref name="actualMicros"/>, once: a second settlement of the same
    /// request (a retried job) finds the row already settled and the store's hold gone, and changes nothing.
    /// </summary>
    public async Task SettleAsync(Guid requestId, IReadOnlyList<string> keys, long actualMicros, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Value.Reservations
            .Where(r => r.RequestId == requestId && r.SettledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.SettledAt, now).SetProperty(r => r.SettledMicros, actualMicros), cancellationToken);
        await store.SettleAsync([new BudgetSettlement(requestId, keys, actualMicros)]);
    }

    /// <summary>
    /// A counter from the reservation rows that name it: settled ones at their actual cost, running ones at their
    /// estimate (and their holds, so they can still be settled). The store keeps whichever rebuild came first.
    /// </summary>
    private async Task RebuildAsync(string key, CancellationToken cancellationToken)
    {
        var (start, end) = PeriodOf(key);
        // A day's key is only taken during that day: older rows cannot name it (a day of margin for clock skew).
        var since = start.AddDays(-1);
        var rows = await db.Value.Reservations.AsNoTracking()
            .Where(r => r.CreatedAt >= since && r.CounterKeys.Contains(key))
            .Select(r => new { r.RequestId, r.AmountMicros, r.SettledMicros })
            .ToListAsync(cancellationToken);
        var spent = rows.Sum(r => r.SettledMicros ?? 0);
        var holds = rows.Where(r => r.SettledMicros is null).Select(r => new BudgetHold(r.RequestId, r.AmountMicros)).ToList();
        var lifetime = (end > time.GetUtcNow() ? end - time.GetUtcNow() : TimeSpan.Zero) + TimeSpan.FromDays(1);
        await store.SeedAsync(key, new BudgetUse(spent, holds.Sum(h => h.AmountMicros)), holds, lifetime);
    }

    /// <summary>The period a key counts (<c>…:day:2026-11-26</c> or <c>…:month:2026-11</c>).</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) PeriodOf(string key)
    {
        var period = key[(key.LastIndexOf(':') + 1)..];
        if (DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (start, start.AddDays(1));
        }

        if (DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            var start = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (start, start.AddMonths(1));
        }

        throw new ArgumentException($"{key} names no day or month.", nameof(key));
    }

    internal sealed record BudgetOverride(BudgetScope Scope, long DailyLimitMicros, long MonthlyLimitMicros);
}
