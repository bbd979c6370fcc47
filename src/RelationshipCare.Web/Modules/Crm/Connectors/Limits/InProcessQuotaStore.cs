using System.Threading.RateLimiting;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Limits;

/// <summary>
/// Counters in this process, for a single instance without Redis: the windows count units per segment exactly as the
/// Redis script does, on the <see cref="TimeProvider"/>'s clock (System.Threading.RateLimiting's window limiters
/// replenish on the Stopwatch even with automatic replenishment off, so they cannot follow an injected clock);
/// concurrency slots are System.Threading.RateLimiting's <see cref="ConcurrencyLimiter"/>.
/// </summary>
internal sealed class InProcessQuotaStore : ICrmQuotaStore
{
    /// <summary>How soon to look again for a concurrency slot: calls to a CRM take at least this long.</summary>
    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly SegmentedWindow[] _windows;
    private readonly ConcurrencyLimiter? _concurrency;
    private readonly TimeProvider _time;

    public InProcessQuotaStore(IReadOnlyList<CrmLimitWindow> windows, int? concurrency, TimeProvider time)
    {
        _time = time;
        _windows = [.. windows.Select(w => new SegmentedWindow(w))];
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
            var now = _time.GetUtcNow();
            var wait = _windows.Select(w => w.WaitFor(cost, now)).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (wait > TimeSpan.Zero)
            {
                slot?.Dispose();
                return ValueTask.FromResult(QuotaAttempt.Refused(wait));
            }

            foreach (var window in _windows)
            {
                window.Take(cost, now);
            }

            return ValueTask.FromResult(new QuotaAttempt(true, TimeSpan.Zero, new Lease(this, cost, now, slot)));
        }
    }

    public ValueTask CalibrateAsync(string window, long remaining, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _windows.FirstOrDefault(w => w.Window.Name == window)?.Calibrate(remaining, _time.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _concurrency?.Dispose();
    }

    /// <summary>
    /// Units per segment number (time / segment length). A segment counts while it is one of the last
    /// <c>Segments + 1</c>, so a unit is forgotten only once a whole window has passed since its segment ended.
    /// </summary>
    private sealed class SegmentedWindow(CrmLimitWindow window)
    {
        private readonly SortedDictionary<long, long> _used = [];

        public CrmLimitWindow Window { get; } = window;

        /// <summary>Zero when <paramref name="cost"/> fits now, else how long until enough old segments have expired.</summary>
        public TimeSpan WaitFor(long cost, DateTimeOffset now)
        {
            var current = Forget(now);
            var excess = _used.Values.Sum() + cost - Window.Limit;
            if (excess <= 0)
            {
                return TimeSpan.Zero;
            }

            var freed = 0L;
            var until = current + Window.Segments + 1;
            foreach (var (segment, units) in _used)
            {
                freed += units;
                if (freed >= excess)
                {
                    until = segment + Window.Segments + 1;
                    break;
                }
            }

            return (Window.Segment * until) - (now - DateTimeOffset.UnixEpoch);
        }

        public void Take(long units, DateTimeOffset now)
        {
            var current = Forget(now);
            _used[current] = _used.GetValueOrDefault(current) + units;
        }

        /// <summary>Moves units taken at <paramref name="taken"/> to the segment of <paramref name="now"/>, when the call ended.</summary>
        public void Move(long units, DateTimeOffset taken, DateTimeOffset now)
        {
            var from = Window.SegmentOf(taken);
            var to = Forget(now);
            if (from == to)
            {
                return;
            }

            if (_used.TryGetValue(from, out var count))
            {
                if (count > units)
                {
                    _used[from] = count - units;
                }
                else
                {
                    _used.Remove(from);
                }
            }

            _used[to] = _used.GetValueOrDefault(to) + units;
        }

        public void Calibrate(long remaining, DateTimeOffset now)
        {
            Forget(now);
            var excess = Window.Limit - _used.Values.Sum() - remaining;
            if (excess > 0)
            {
                Take(excess, now);
            }
        }

        private long Forget(DateTimeOffset now)
        {
            var current = Window.SegmentOf(now);
            foreach (var expired in _used.Keys.Where(s => s < current - Window.Segments).ToList())
            {
                _used.Remove(expired);
            }

            return current;
        }
    }

    private void Settle(int cost, DateTimeOffset taken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var window in _windows)
            {
                window.Move(cost, taken, now);
            }
        }
    }

    private sealed class Lease(InProcessQuotaStore store, int cost, DateTimeOffset taken, RateLimitLease? slot) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            store.Settle(cost, taken);
            slot?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
