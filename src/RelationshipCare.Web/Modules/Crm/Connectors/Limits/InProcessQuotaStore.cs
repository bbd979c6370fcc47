using System.Threading.RateLimiting;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Limits;

/// <summary>
/// Counters in this process (System.Threading.RateLimiting), for a single instance without Redis. Each window is a
/// sliding-window limiter one segment longer than the CRM's window (so it never lets more through than the CRM's
/// rolling count), replenished by a <see cref="TimeProvider"/> timer so tests can move time.
/// </summary>
internal sealed class InProcessQuotaStore : ICrmQuotaStore
{
    /// <summary>How soon to look again for a concurrency slot: calls to a CRM take at least this long.</summary>
    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly WindowLimiter[] _windows;
    private readonly ConcurrencyLimiter? _concurrency;

    public InProcessQuotaStore(IReadOnlyList<CrmLimitWindow> windows, int? concurrency, TimeProvider time)
    {
        _windows = [.. windows.Select(w => new WindowLimiter(w, time))];
        _concurrency = concurrency is { } slots
            ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = slots, QueueLimit = 0 })
            : null;
    }

    public ValueTask<QuotaAttempt> TryAcquireAsync(int cost, CancellationToken cancellationToken)
    {
        var slot = _concurrency?.AttemptAcquire();
        if (slot is { IsAcquired: false })
        {
            slot.Dispose();
            return ValueTask.FromResult(QuotaAttempt.Refused(ConcurrencyRetry));
        }

        // All windows or none: check every one under the lock before taking from any, so a refusal by the daily
        // window never spends the burst window's permits.
        lock (_gate)
        {
            var exhausted = _windows.FirstOrDefault(w => w.Available < cost);
            if (exhausted is not null)
            {
                slot?.Dispose();
                return ValueTask.FromResult(QuotaAttempt.Refused(exhausted.Window.Segment));
            }

            foreach (var window in _windows)
            {
                window.Take(cost);
            }
        }

        return ValueTask.FromResult(new QuotaAttempt(true, TimeSpan.Zero, slot is null ? null : new SlotLease(slot)));
    }

    public ValueTask CalibrateAsync(string window, long remaining, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var limiter = _windows.FirstOrDefault(w => w.Window.Name == window);
            if (limiter is not null && limiter.Available > remaining)
            {
                limiter.Take((int)Math.Min(int.MaxValue, limiter.Available - remaining));
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var window in _windows)
        {
            window.Dispose();
        }

        _concurrency?.Dispose();
    }

    private sealed class WindowLimiter : IDisposable
    {
        private readonly SlidingWindowRateLimiter _limiter;
        private readonly ITimer _replenish;

        public WindowLimiter(CrmLimitWindow window, TimeProvider time)
        {
            Window = window;
            _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = (int)Math.Min(int.MaxValue, window.Limit),
                Window = window.Segment * (window.Segments + 1),
                SegmentsPerWindow = window.Segments + 1,
                QueueLimit = 0,
                AutoReplenishment = false,
            });
            _replenish = time.CreateTimer(_ => _limiter.TryReplenish(), null, window.Segment, window.Segment);
        }

        public CrmLimitWindow Window { get; }

        public long Available => _limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

        public void Take(int permits)
        {
            // Window leases hold nothing to give back: disposing one returns no permits.
            using var lease = _limiter.AttemptAcquire(permits);
        }

        public void Dispose()
        {
            _replenish.Dispose();
            _limiter.Dispose();
        }
    }

    private sealed class SlotLease(RateLimitLease lease) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lease.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
