namespace RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

/// <summary>
/// Budget one instance took ahead from the shared counters, for one set of budget lines: held in Redis under its own
/// hold, drawn from in process by the requests that follow until it runs out or expires. A draw is settled in Redis like
/// any hold, and what is never drawn goes back when the allowance is retired.
/// </summary>
internal sealed class BudgetAllowance(Guid holdId, string lines, IReadOnlyList<string> keys, long remainingMicros, long expiresAt)
{
    private readonly Lock _gate = new();
    private long _remaining = remainingMicros;

    public Guid HoldId { get; } = holdId;

    /// <summary>The budget lines and limits it was taken for (<see cref="RedisBudgetStore"/>'s key for them).</summary>
    public string Lines { get; } = lines;

    /// <summary>The counters it is held on.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>True while it can be drawn from at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public bool IsLive(long now)
    {
        lock (_gate)
        {
            return _remaining > 0 && now < expiresAt;
        }
    }

    public bool IsExpired(long now) => now >= expiresAt;

    /// <summary>Takes <paramref name="amountMicros"/> for a request, when it is live and has that much left.</summary>
    public bool TryDraw(long amountMicros, long now)
    {
        lock (_gate)
        {
            if (now >= expiresAt || _remaining < amountMicros)
            {
                return false;
            }

            _remaining -= amountMicros;
            return true;
        }
    }

    /// <summary>Ends it: returns what was never drawn (to give back), once; 0 after that.</summary>
    public long Retire()
    {
        lock (_gate)
        {
            var left = _remaining;
            _remaining = 0;
            return left;
        }
    }
}
