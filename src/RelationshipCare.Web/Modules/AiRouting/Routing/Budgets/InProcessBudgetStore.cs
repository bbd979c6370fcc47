namespace RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

/// <summary>
/// The counters in this process, for the single instance of the local mode (no Redis): one lock makes every
/// operation atomic. A restart loses them; they are rebuilt from the database on first use.
/// </summary>
internal sealed class InProcessBudgetStore(TimeProvider time) : IBudgetStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Counter> _counters = [];
    private readonly Dictionary<Guid, long> _holds = [];

    public ValueTask<BudgetUse?[]> ReadAsync(IReadOnlyList<string> keys)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(keys.Select(key => Live(key) is { } counter ? new BudgetUse(counter.Spent, counter.Reserved) : (BudgetUse?)null).ToArray());
        }
    }

    public ValueTask<ReserveOutcome> ReserveAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros)
    {
        lock (_gate)
        {
            var counters = new Counter[lines.Count];
            for (var i = 0; i < lines.Count; i++)
            {
                if (Live(lines[i].Key) is not { } counter)
                {
                    return ValueTask.FromResult(new ReserveOutcome(ReserveStatus.Missing, i));
                }

                if (counter.Spent + counter.Reserved >= lines[i].LimitMicros)
                {
                    return ValueTask.FromResult(new ReserveOutcome(ReserveStatus.Exhausted, i));
                }

                if (counter.Spent + counter.Reserved + amountMicros > lines[i].LimitMicros)
                {
                    return ValueTask.FromResult(new ReserveOutcome(ReserveStatus.Refused, i));
                }

                counters[i] = counter;
            }

            if (amountMicros > 0 && _holds.TryAdd(requestId, amountMicros))
            {
                foreach (var counter in counters)
                {
                    counter.Reserved += amountMicros;
                }
            }

            return ValueTask.FromResult(new ReserveOutcome(ReserveStatus.Reserved, -1));
        }
    }

    public ValueTask<int> SettleAsync(IReadOnlyList<BudgetSettlement> settlements)
    {
        lock (_gate)
        {
            var settled = 0;
            foreach (var settlement in settlements)
            {
                if (!_holds.Remove(settlement.RequestId, out var amount))
                {
                    continue;
                }

                settled++;
                foreach (var key in settlement.Keys)
                {
                    // A counter gone since (its period over) has nothing to release; a rebuild reads the settled row.
                    if (Live(key) is { } counter)
                    {
                        counter.Reserved -= amount;
                        counter.Spent += settlement.ActualMicros;
                    }
                }
            }

            return ValueTask.FromResult(settled);
        }
    }

    public ValueTask SeedAsync(string key, BudgetUse use, IReadOnlyList<BudgetHold> holds, TimeSpan lifetime)
    {
        lock (_gate)
        {
            if (Live(key) is null)
            {
                _counters[key] = new Counter { Spent = use.SpentMicros, Reserved = use.ReservedMicros, ExpiresAt = time.GetUtcNow() + lifetime };
                foreach (var hold in holds)
                {
                    _holds.TryAdd(hold.RequestId, hold.AmountMicros);
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Nothing to give back: every reservation here is taken as it is needed.</summary>
    public Task ReturnAllowancesAsync() => Task.CompletedTask;

    /// <summary>The counter, unless its period is long over (then it is forgotten, as Redis expires it).</summary>
    private Counter? Live(string key)
    {
        if (!_counters.TryGetValue(key, out var counter))
        {
            return null;
        }

        if (counter.ExpiresAt > time.GetUtcNow())
        {
            return counter;
        }

        _counters.Remove(key);
        return null;
    }

    private sealed class Counter
    {
        public long Spent { get; set; }

        public long Reserved { get; set; }

        public DateTimeOffset ExpiresAt { get; init; }
    }
}
