using Microsoft.Extensions.Time.Testing;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>The counters of the local mode (one instance, no Redis): the same guarantees as Redis's scripts, under one lock.</summary>
public sealed class InProcessBudgetStoreTests
{
    private const long Amount = 100_000;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly BudgetLine _line = new("agent:a:day:2026-11-26", "a test budget", 5 * Amount + (Amount / 2));

    [Fact]
    public async Task Given_a_counter_it_does_not_hold_When_reserving_Then_it_asks_for_the_rebuild_and_holds_nothing()
    {
        var store = new InProcessBudgetStore(_time);

        var outcome = await store.ReserveAsync(Guid.NewGuid(), [_line], Amount);

        Assert.Equal(new ReserveOutcome(ReserveStatus.Missing, 0), outcome);
        Assert.Null(Assert.Single(await store.ReadAsync([_line.Key])));
    }

    [Fact]
    public async Task Given_a_budget_for_five_When_twenty_reserve_at_once_Then_exactly_five_hold_and_a_refusal_names_its_line()
    {
        var store = new InProcessBudgetStore(_time);
        var roomy = new BudgetLine("agent:a:month:2026-11", "a roomy budget", 100 * Amount);
        await store.SeedAsync(_line.Key, default, [], TimeSpan.FromDays(1));
        await store.SeedAsync(roomy.Key, default, [], TimeSpan.FromDays(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.ReserveAsync(Guid.NewGuid(), [roomy, _line], Amount).AsTask())));

        Assert.Equal(5, outcomes.Count(o => o.Status == ReserveStatus.Reserved));
        Assert.All(outcomes.Where(o => o.Status != ReserveStatus.Reserved), o => Assert.Equal(new ReserveOutcome(ReserveStatus.Refused, 1), o));
        Assert.Equal([new BudgetUse(0, 5 * Amount), new BudgetUse(0, 5 * Amount)], await store.ReadAsync([_line.Key, roomy.Key]));
    }

    [Fact]
    public async Task Given_a_hold_When_settled_twice_Then_the_actual_cost_is_charged_once()
    {
        var store = new InProcessBudgetStore(_time);
        var requestId = Guid.NewGuid();
        await store.SeedAsync(_line.Key, default, [], TimeSpan.FromDays(1));
        await store.ReserveAsync(requestId, [_line], 3 * Amount);

        var first = await store.SettleAsync([new BudgetSettlement(requestId, [_line.Key], Amount)]);
        var second = await store.SettleAsync([new BudgetSettlement(requestId, [_line.Key], Amount)]);

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(new BudgetUse(Amount, 0), await store.ReadAsync([_line.Key]) is [{ } use] ? use : default);
    }

    [Fact]
    public async Task Given_a_counter_seeded_twice_When_read_Then_the_first_rebuild_stands_and_its_holds_settle()
    {
        var store = new InProcessBudgetStore(_time);
        var running = Guid.NewGuid();

        await store.SeedAsync(_line.Key, new BudgetUse(Amount, 2 * Amount), [new BudgetHold(running, 2 * Amount)], TimeSpan.FromDays(1));
        await store.SeedAsync(_line.Key, new BudgetUse(Amount, 2 * Amount), [new BudgetHold(running, 2 * Amount)], TimeSpan.FromDays(1));
        var settled = await store.SettleAsync([new BudgetSettlement(running, [_line.Key], Amount / 2)]);

        Assert.Equal(1, settled);
        Assert.Equal([new BudgetUse(Amount + (Amount / 2), 0)], await store.ReadAsync([_line.Key]));
    }

    [Fact]
    public async Task Given_a_counter_past_its_lifetime_When_read_Then_the_store_no_longer_holds_it()
    {
        var store = new InProcessBudgetStore(_time);
        await store.SeedAsync(_line.Key, new BudgetUse(Amount, 0), [], TimeSpan.FromDays(1));

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal([null], await store.ReadAsync([_line.Key]));
    }
}
