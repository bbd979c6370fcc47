using System.Globalization;
using ErrorOr;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>One budget a request is charged to: a counter and the limit it must stay within.</summary>
internal sealed record BudgetLine(string Key, string Description, long LimitMicros);

/// <summary>
/// Reserve-then-settle budgets. The estimate is reserved on every budget the request is charged to (the agent's
/// and the team's, daily and monthly) by conditional updates in one transaction: a counter is only raised while its
/// spent + reserved + estimate stays within the limit, which the database checks row by row under its lock, so
/// concurrent requests on any number of instances can never overspend. Settling releases the reservation and adds
/// what the provider reported.
/// </summary>
internal sealed class BudgetLedger(AiRoutingDbContext db, IOptions<AiRoutingOptions> options, TimeProvider time)
{
    /// <summary>The counters <see cref="CheckAsync"/> found, which a reservation then need not create.</summary>
    private readonly HashSet<string> _existingCounters = [];

    /// <summary>The budgets a caller's requests are charged to today, in a fixed order (so transactions never deadlock).</summary>
    public async Task<IReadOnlyList<BudgetLine>> LinesAsync(AiCaller caller, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Budgets;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var own = await db.Budgets.AsNoTracking()
            .Where(b => (b.Scope == BudgetScope.Agent && b.ScopeId == caller.AgentId) || (b.Scope == BudgetScope.Team && b.ScopeId == caller.TeamId))
            .ToListAsync(cancellationToken);
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

    /// <summary>Refuses early when a budget has nothing left, before the cache, the estimate or any provider.</summary>
    public async Task<ErrorOr<Success>> CheckAsync(IReadOnlyList<BudgetLine> lines, CancellationToken cancellationToken)
    {
        var keys = lines.Select(l => l.Key).ToList();
        var counters = await db.BudgetCounters.AsNoTracking().Where(c => keys.Contains(c.Key)).ToDictionaryAsync(c => c.Key, cancellationToken);
        _existingCounters.UnionWith(counters.Keys);
        foreach (var line in lines)
        {
            var used = counters.TryGetValue(line.Key, out var counter) ? counter.SpentMicros + counter.ReservedMicros : 0;
            if (used >= line.LimitMicros)
            {
                return AiRoutingErrors.BudgetExhausted(line.Description, line.LimitMicros);
            }
        }

        return Result.Success;
    }

    /// <summary>
    /// Holds <paramref name="amountMicros"/> on every line, or on none and says which budget has too little left.
    /// The reservation's row is written before the counters are touched, so their row locks (which every concurrent
    /// request of the same agent and team waits for) are held only from the first conditional update to the commit.
    /// </summary>
    public async Task<ErrorOr<Success>> ReserveAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros, CancellationToken cancellationToken)
    {
        await EnsureCountersAsync([.. lines.Where(line => !_existingCounters.Contains(line.Key))], cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reservation = db.Reservations.Add(new BudgetReservation
        {
            RequestId = requestId,
            CounterKeys = [.. lines.Select(l => l.Key)],
            AmountMicros = amountMicros,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var line in lines)
        {
            var limit = line.LimitMicros;
            var reserved = await db.BudgetCounters
                .Where(c => c.Key == line.Key && c.SpentMicros + c.ReservedMicros + amountMicros <= limit)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ReservedMicros, c => c.ReservedMicros + amountMicros), cancellationToken);
            if (reserved == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                reservation.State = EntityState.Detached;
                return AiRoutingErrors.OverBudget(line.Description, amountMicros, limit);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    /// <summary>
    /// Releases the reservation and charges <paramref name="actualMicros"/>, once: a second settlement of the same
    /// request (a retried job) finds the reservation already settled and changes nothing.
    /// </summary>
    public async Task SettleAsync(Guid requestId, long actualMicros, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var settled = await db.Reservations
            .Where(r => r.RequestId == requestId && r.SettledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.SettledAt, now).SetProperty(r => r.SettledMicros, actualMicros), cancellationToken);
        if (settled == 0)
        {
            return;
        }

        var reservation = await db.Reservations.AsNoTracking().SingleAsync(r => r.RequestId == requestId, cancellationToken);
        // One counter at a time, in the order the reservation took them: a single statement would lock them in the
        // table's physical order, and two requests locking the same counters in different orders deadlock.
        foreach (var key in reservation.CounterKeys)
        {
            var amount = reservation.AmountMicros;
            await db.BudgetCounters.Where(c => c.Key == key)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(c => c.ReservedMicros, c => c.ReservedMicros - amount)
                    .SetProperty(c => c.SpentMicros, c => c.SpentMicros + actualMicros), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Charges a run that held no reservation (a free model's, or a shadow run's) to its lines.</summary>
    public async Task ChargeAsync(IReadOnlyList<BudgetLine> lines, long actualMicros, CancellationToken cancellationToken)
    {
        if (actualMicros == 0)
        {
            return;
        }

        await EnsureCountersAsync(lines, cancellationToken);
        foreach (var line in lines)
        {
            await db.BudgetCounters.Where(c => c.Key == line.Key)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.SpentMicros, c => c.SpentMicros + actualMicros), cancellationToken);
        }
    }

    /// <summary>Creates the period's counters that do not exist yet; concurrent creators of the same counter all succeed.</summary>
    private async Task EnsureCountersAsync(IReadOnlyList<BudgetLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var table = db.Database.IsNpgsql() ? $"\"{AiRoutingDbContext.SchemaName}\".\"ai_budget_counters\"" : "\"ai_budget_counters\"";
        var values = string.Join(", ", lines.Select((_, i) => $"({{{i}}}, 0, 0)"));
        var sql = $"INSERT INTO {table} (\"key\", \"spent_micros\", \"reserved_micros\") VALUES {values} ON CONFLICT DO NOTHING";
        await db.Database.ExecuteSqlRawAsync(sql, [.. lines.Select(l => (object)l.Key)], cancellationToken);
    }
}
