namespace RelationshipCare.Web.Modules.Crm.Connectors.Limits;

/// <summary>
/// A rolling window: at most <see cref="Limit"/> units per <see cref="Window"/>, counted in <see cref="Segments"/>
/// segments. A unit is taken when a call starts and moved, when the call ends, to the segment it ended in: the CRM
/// counted it on arrival, somewhere in between. It is counted until a whole window has passed since the end of that
/// segment, so the count errs on the safe side by at most one segment and the CRM's rolling window is never exceeded,
/// however long a call took to arrive.
/// </summary>
internal sealed record CrmLimitWindow(string Name, long Limit, TimeSpan Window, int Segments)
{
    public const string Daily = "daily";
    public const string Burst = "burst";

    public TimeSpan Segment => Window / Segments;

    /// <summary>The number of the segment <paramref name="time"/> falls in, the same in every instance.</summary>
    public long SegmentOf(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / Segment.Ticks;

    /// <summary>The windows a connection's limits ask for: its rolling 24 hours and its burst window, when set.</summary>
    public static IReadOnlyList<CrmLimitWindow> For(CrmLimitSettings limits)
    {
        var windows = new List<CrmLimitWindow>();
        if (limits.DailyLimit is { } daily)
        {
            windows.Add(new CrmLimitWindow(Daily, daily, TimeSpan.FromHours(24), 48));
        }

        if (limits.BurstLimit is { } burst)
        {
            windows.Add(new CrmLimitWindow(Burst, burst, limits.BurstWindow, 50));
        }

        return windows;
    }
}

/// <summary>One try at the quota: granted with a lease (dispose it when the call ends), or refused until <see cref="RetryAfter"/>.</summary>
internal readonly record struct QuotaAttempt(bool Granted, TimeSpan RetryAfter, IAsyncDisposable? Lease)
{
    public static QuotaAttempt Refused(TimeSpan retryAfter) => new(false, retryAfter, null);
}

/// <summary>Where a connection's counters live: in this process, or in Redis shared by every instance.</summary>
internal interface ICrmQuotaStore : IDisposable
{
    /// <summary>
    /// Takes <paramref name="cost"/> units from every window and a concurrency slot at once, or nothing at all. The
    /// lease, disposed when the call ends, frees the slot and moves the units to the segment the call ended in.
    /// </summary>
    ValueTask<QuotaAttempt> TryAcquireAsync(int cost, CancellationToken cancellationToken);

    /// <summary>The CRM says only <paramref name="remaining"/> units are left in a window: count the difference as used.</summary>
    ValueTask CalibrateAsync(string window, long remaining, CancellationToken cancellationToken);
}

/// <summary>Nothing to release.</summary>
internal sealed class NoLease : IAsyncDisposable
{
    public static readonly NoLease Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
