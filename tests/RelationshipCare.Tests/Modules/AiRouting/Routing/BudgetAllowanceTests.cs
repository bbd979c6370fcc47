using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using StackExchange.Redis;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>
/// The budget an instance takes ahead from Redis (<see cref="AiBudgetOptions.AllowanceUsd"/>): the requests after the
/// first reserve in process, every draw is settled at its real cost, what is left goes back when the allowance expires
/// or the instance stops, and instances that share a budget still never overspend it.
/// </summary>
public sealed class BudgetAllowanceTests : IDisposable
{
    private const long Limit = 1_000_000;
    private const long Allowance = 50_000;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(TestServices.Redis);
    private readonly List<RedisBudgetStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        _redis.Dispose();
    }

    [Fact]
    public async Task Given_a_small_reservation_When_more_follow_Then_they_draw_from_its_allowance_and_each_is_settled_at_its_real_cost()
    {
        var store = Store();
        var line = await LineAsync(store, Limit);
        var requests = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToList();

        Assert.Equal(ReserveStatus.Reserved, (await store.ReserveAsync(requests[0], [line], 1_000)).Status);
        var afterFirst = await UseAsync(store, line);
        foreach (var request in requests.Skip(1))
        {
            Assert.Equal(ReserveStatus.Reserved, (await store.ReserveAsync(request, [line], 1_000)).Status);
        }

        var afterAll = await UseAsync(store, line);
        var first = await store.SettleAsync([new BudgetSettlement(requests[0], [line.Key], 800)]);
        var rest = await store.SettleAsync([.. requests.Skip(1).Select(request => new BudgetSettlement(request, [line.Key], 800))]);
        var settled = await UseAsync(store, line);
        await store.ReturnAllowancesAsync();
        var returned = await UseAsync(store, line);

        // The first took its amount and the allowance in one round trip; the ten after it did not touch the counter.
        Assert.Equal(new BudgetUse(0, 1_000 + Allowance), afterFirst);
        Assert.Equal(afterFirst, afterAll);
        Assert.Equal((1, 10), (first, rest));
        Assert.Equal(new BudgetUse(11 * 800, 1_000 + Allowance - (11 * 1_000)), settled);
        Assert.Equal(new BudgetUse(11 * 800, 0), returned);
    }

    [Fact]
    public async Task Given_an_allowance_When_it_expires_Then_what_is_left_goes_back_and_the_next_request_takes_a_new_one()
    {
        var store = Store();
        var line = await LineAsync(store, Limit);
        var first = Guid.NewGuid();
        await store.ReserveAsync(first, [line], 1_000);
        await store.SettleAsync([new BudgetSettlement(first, [line.Key], 1_000)]);

        _time.Advance(TimeSpan.FromSeconds(2));
        var returned = default(BudgetUse);
        await Eventually.HoldsAsync(async () => (returned = await UseAsync(store, line)).ReservedMicros == 0, "the expired allowance is given back");
        await store.ReserveAsync(Guid.NewGuid(), [line], 1_000);

        Assert.Equal(new BudgetUse(1_000, 0), returned);
        Assert.Equal(new BudgetUse(1_000, 1_000 + Allowance), await UseAsync(store, line));
    }

    [Fact]
    public async Task Given_a_changed_limit_When_a_request_reserves_Then_it_does_not_draw_from_the_allowance_taken_under_the_old_one()
    {
        var store = Store();
        var line = await LineAsync(store, Limit);
        await store.ReserveAsync(Guid.NewGuid(), [line], 1_000);

        var lowered = line with { LimitMicros = 1_000 + Allowance + 500 };
        var refused = await store.ReserveAsync(Guid.NewGuid(), [lowered], 1_000);

        Assert.Equal(ReserveStatus.Refused, refused.Status);
    }

    [Fact]
    public async Task Given_two_instances_near_one_limit_When_they_reserve_at_once_Then_together_they_never_overspend_and_refuse_little()
    {
        const long Amount = 3_000;
        const long SmallLimit = 100_000;
        IBudgetStore[] stores = [Store(), Store()];
        var line = await LineAsync(stores[0], SmallLimit);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => Task.Run(() => stores[i % 2].ReserveAsync(Guid.NewGuid(), [line], Amount).AsTask())));
        foreach (var store in stores)
        {
            await store.ReturnAllowancesAsync();
        }

        var reserved = outcomes.Count(o => o.Status == ReserveStatus.Reserved);
        Assert.InRange(reserved, 30, SmallLimit / Amount);
        Assert.Equal(new BudgetUse(0, reserved * Amount), await UseAsync(stores[0], line));
    }

    [Fact]
    public async Task Given_redis_lost_an_allowance_When_a_draw_is_settled_Then_the_instance_draws_from_it_no_more()
    {
        var store = Store();
        var line = await LineAsync(store, Limit);
        var first = Guid.NewGuid();
        await store.ReserveAsync(first, [line], 1_234);

        // Redis loses the counter and the allowance's hold (found by its amount, which only this test uses).
        var database = _redis.GetDatabase();
        await database.KeyDeleteAsync($"rc:ai:budget:{line.Key}");
        await foreach (var key in _redis.GetServers()[0].KeysAsync(TestServices.RedisDatabase, "rc:ai:hold:*"))
        {
            if (await database.StringGetAsync(key) == 1_234 + Allowance)
            {
                await database.KeyDeleteAsync(key);
            }
        }

        var settled = await store.SettleAsync([new BudgetSettlement(first, [line.Key], 1_000)]);
        var next = await store.ReserveAsync(Guid.NewGuid(), [line], 1_000);

        Assert.Equal(0, settled);
        Assert.Equal(ReserveStatus.Missing, next.Status);
    }

    private RedisBudgetStore Store()
    {
        var options = Options.Create(new AiRoutingOptions { Budgets = new AiBudgetOptions { AllowanceUsd = Allowance / 1_000_000m, AllowanceSeconds = 2 } });
        var store = new RedisBudgetStore(_redis, options, _time, NullLogger<RedisBudgetStore>.Instance);
        _stores.Add(store);
        return store;
    }

    /// <summary>A budget of its own for the test, its counter created as a rebuild from the database would.</summary>
    private static async Task<BudgetLine> LineAsync(IBudgetStore store, long limit)
    {
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", limit);
        await store.SeedAsync(line.Key, new BudgetUse(0, 0), [], TimeSpan.FromHours(1));
        return line;
    }

    private static async Task<BudgetUse> UseAsync(IBudgetStore store, BudgetLine line) => (await store.ReadAsync([line.Key]))[0]!.Value;
}
