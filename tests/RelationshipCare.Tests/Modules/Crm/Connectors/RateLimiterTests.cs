using Microsoft.Extensions.Time.Testing;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;
using StackExchange.Redis;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>
/// The per-connection limiters, in process and in Redis, on a <see cref="FakeTimeProvider"/>: they take from every
/// window at once or from none, free units only when a whole window has passed, and never let more through than the limit.
/// </summary>
public sealed class RateLimiterTests : IDisposable
{
    private static readonly CrmLimitWindow TenPerTenSeconds = new(CrmLimitWindow.Burst, 10, TimeSpan.FromSeconds(10), 10);
    private static readonly CrmLimitWindow FivePerDay = new(CrmLimitWindow.Daily, 5, TimeSpan.FromHours(24), 24);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> _disposables = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => [nameof(InProcessQuotaStore), nameof(RedisQuotaStore)];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Given_a_full_window_When_more_is_asked_Then_it_is_refused_until_the_window_has_passed(string store)
    {
        var quota = Store(store, [TenPerTenSeconds]);
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await quota.TryAcquireAsync(1, Cancel)).Granted);
        }

        var refused = await quota.TryAcquireAsync(1, Cancel);
        Assert.False(refused.Granted);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(11));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False((await quota.TryAcquireAsync(1, Cancel)).Granted);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await quota.TryAcquireAsync(1, Cancel)).Granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Given_calls_that_end_later_than_they_start_When_the_window_rolls_Then_they_count_from_when_they_ended(string store)
    {
        var quota = Store(store, [TenPerTenSeconds]);
        var leases = new List<IAsyncDisposable>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add((await quota.TryAcquireAsync(1, Cancel)).Lease!);
        }

        // The CRM counted these calls when they arrived, as late as when they ended.
        _time.Advance(TimeSpan.FromSeconds(5));
        foreach (var lease in leases)
        {
            await lease.DisposeAsync();
        }

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.False((await quota.TryAcquireAsync(1, Cancel)).Granted);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await quota.TryAcquireAsync(1, Cancel)).Granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Given_the_daily_window_is_spent_When_more_is_asked_Then_the_burst_window_loses_nothing(string store)
    {
        var quota = Store(store, [TenPerTenSeconds, FivePerDay]);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await quota.TryAcquireAsync(1, Cancel)).Granted);
        }

        for (var i = 0; i < 20; i++)
        {
            var refused = await quota.TryAcquireAsync(1, Cancel);
            Assert.False(refused.Granted);
            Assert.True(refused.RetryAfter > TimeSpan.FromHours(23), $"refused for {refused.RetryAfter}");
        }

        // The refusals took nothing from the burst window: a fresh day allows a full burst of ten... of which five fit the day.
        _time.Advance(TimeSpan.FromHours(25));
        var granted = 0;
        while ((await quota.TryAcquireAsync(1, Cancel)).Granted)
        {
            granted++;
        }

        Assert.Equal(5, granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Given_the_crm_reports_less_remaining_When_calibrated_Then_only_that_much_is_granted(string store)
    {
        var quota = Store(store, [new CrmLimitWindow(CrmLimitWindow.Daily, 1000, TimeSpan.FromHours(24), 24)]);

        await quota.CalibrateAsync(CrmLimitWindow.Daily, 3, Cancel);
        await quota.CalibrateAsync(CrmLimitWindow.Daily, 500, Cancel);

        var granted = 0;
        while ((await quota.TryAcquireAsync(1, Cancel)).Granted)
        {
            granted++;
        }

        Assert.Equal(3, granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Given_every_slot_is_taken_When_one_more_call_starts_Then_it_waits_for_a_lease_to_be_released(string store)
    {
        var quota = Store(store, [], concurrency: 2);
        var first = await quota.TryAcquireAsync(1, Cancel);
        var second = await quota.TryAcquireAsync(1, Cancel);

        Assert.False((await quota.TryAcquireAsync(1, Cancel)).Granted);

        await first.Lease!.DisposeAsync();
        Assert.True((await quota.TryAcquireAsync(1, Cancel)).Granted);
        await second.Lease!.DisposeAsync();
    }

    [Fact]
    public async Task Given_a_short_wait_When_acquiring_Then_the_limiter_waits_and_a_long_one_is_refused_with_retry_after()
    {
        var limiter = new CrmRateLimiter(Store(nameof(InProcessQuotaStore), [TenPerTenSeconds, FivePerDay]), _time, TimeSpan.FromSeconds(15));
        for (var i = 0; i < 5; i++)
        {
            await using var lease = await limiter.AcquireAsync(1, Cancel);
        }

        var refused = await Assert.ThrowsAsync<CrmUnavailableException>(async () => await limiter.AcquireAsync(1, Cancel));
        Assert.True(refused.RetryAfter > TimeSpan.FromMinutes(15));

        var burst = new CrmRateLimiter(Store(nameof(InProcessQuotaStore), [new CrmLimitWindow(CrmLimitWindow.Burst, 1, TimeSpan.FromSeconds(10), 10)]), _time, TimeSpan.FromSeconds(15));
        await using (await burst.AcquireAsync(1, Cancel))
        {
        }

        var waiting = burst.AcquireAsync(1, Cancel).AsTask();
        Assert.False(waiting.IsCompleted);
        for (var i = 0; i < 12 && !waiting.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await using var granted = await waiting;
    }

    [Fact]
    public async Task Given_two_instances_sharing_one_redis_When_both_call_at_once_Then_together_they_never_exceed_the_limit()
    {
        var window = new CrmLimitWindow(CrmLimitWindow.Burst, 190, TimeSpan.FromSeconds(10), 20);
        var prefix = $"rc:test-limits:{Guid.NewGuid():N}";
        var instances = new[] { Redis(prefix, [window], null), Redis(prefix, [window], null) };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => instances[i % 2].TryAcquireAsync(1, Cancel).AsTask()));

        Assert.Equal(190, attempts.Count(a => a.Granted));
        _time.Advance(TimeSpan.FromSeconds(11));
        var next = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => instances[i % 2].TryAcquireAsync(1, Cancel).AsTask()));
        Assert.Equal(190, next.Count(a => a.Granted));
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    private ICrmQuotaStore Store(string kind, IReadOnlyList<CrmLimitWindow> windows, int? concurrency = null) =>
        kind == nameof(RedisQuotaStore)
            ? Redis($"rc:test-limits:{Guid.NewGuid():N}", windows, concurrency)
            : Track(new InProcessQuotaStore(windows, concurrency, _time));

    private RedisQuotaStore Redis(string prefix, IReadOnlyList<CrmLimitWindow> windows, int? concurrency)
    {
        var connection = Track(ConnectionMultiplexer.Connect(TestServices.Redis));
        return Track(new RedisQuotaStore(connection, prefix, windows, concurrency, TimeSpan.FromMinutes(1), _time));
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }
}
