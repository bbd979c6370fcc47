namespace RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

/// <summary>What one budget counter holds: spent by settled requests, and reserved by running ones.</summary>
internal readonly record struct BudgetUse(long SpentMicros, long ReservedMicros)
{
    public long UsedMicros => SpentMicros + ReservedMicros;
}

/// <summary>What a reservation found. The numbers are the ones <see cref="RedisBudgetStore"/>'s script returns.</summary>
internal enum ReserveStatus
{
    Reserved = 0,

    /// <summary>A counter is not in the store (never used, or the store lost it): rebuild it from the database, then retry.</summary>
    Missing = 1,

    /// <summary>A line has too little left for the amount.</summary>
    Refused = 2,

    /// <summary>A line has nothing left at all: refused whatever the amount, also a free request.</summary>
    Exhausted = 3,
}

/// <param name="LineIndex">The line that is missing or refused.</param>
internal readonly record struct ReserveOutcome(ReserveStatus Status, int LineIndex);

/// <summary>What a finished request's hold settles at, on the budget counters it was taken on.</summary>
internal sealed record BudgetSettlement(Guid RequestId, IReadOnlyList<string> Keys, long ActualMicros);

/// <summary>A reservation a rebuilt counter still holds: the store must be able to release it when its request settles.</summary>
internal readonly record struct BudgetHold(Guid RequestId, long AmountMicros);

/// <summary>
/// The budget counters on the request's path, atomic per operation: in Redis when <c>ConnectionStrings:Redis</c> is
/// set (every instance shares them), else in this process. PostgreSQL's reservation rows stay the durable truth; a
/// counter the store does not hold is rebuilt from them through <see cref="SeedAsync"/> before it is used.
/// </summary>
internal interface IBudgetStore
{
    /// <summary>The counters' values, <c>null</c> for a counter the store does not hold.</summary>
    ValueTask<BudgetUse?[]> ReadAsync(IReadOnlyList<string> keys);

    /// <summary>
    /// Holds <paramref name="amountMicros"/> on every line or on none: no counter may have reached its line's limit, and
    /// each counter's spent + reserved + amount must stay within it. The hold is remembered under the request id until
    /// it is settled. An amount of 0 only checks the limits and holds nothing.
    /// </summary>
    ValueTask<ReserveOutcome> ReserveAsync(Guid requestId, IReadOnlyList<BudgetLine> lines, long amountMicros);

    /// <summary>
    /// Releases each request's hold and charges its actual cost on the counters, once, all at once (a batch shares its
    /// round trips). Returns how many found a hold to release: a request already settled, or never reserved here,
    /// changes nothing. Throws when the store cannot be reached; some of the batch may be settled by then.
    /// </summary>
    ValueTask<int> SettleAsync(IReadOnlyList<BudgetSettlement> settlements);

    /// <summary>
    /// Creates a counter rebuilt from the database with the holds it includes, unless it exists: two instances that
    /// rebuild the same counter at once leave it as one of them wrote it, never doubled.
    /// </summary>
    ValueTask SeedAsync(string key, BudgetUse use, IReadOnlyList<BudgetHold> holds, TimeSpan lifetime);

    /// <summary>Gives back the budget this instance took ahead and has not drawn (Redis allowances), when it stops.</summary>
    Task ReturnAllowancesAsync();
}
