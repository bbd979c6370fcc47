using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>
/// The counters in Redis against the reservation rows in PostgreSQL: a lost counter is rebuilt from the rows (once,
/// however many rebuild it at once), hosts sharing one Redis never overspend together, and a run whose instance died
/// is still charged its estimate.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BudgetStoreTests(HostFixture host) : AiRoutingTest(host)
{
    [Fact]
    public async Task Given_counters_lost_from_redis_When_next_used_Then_they_are_rebuilt_from_the_reservation_rows_and_a_running_reservation_still_settles()
    {
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 1_000_000);
        var (settled, running) = (Guid.NewGuid(), Guid.NewGuid());
        await using var scope = Host.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<BudgetLedger>();
        await ledger.ReserveAsync(settled, [line], 300_000, writeBehind: false, Ct);
        await ledger.SettleAsync(settled, [line.Key], 120_000, Ct);
        await ledger.ReserveAsync(running, [line], 200_000, writeBehind: false, Ct);

        await ForgetBudgetCountersAsync();
        var rebuilt = (await CountersAsync(key => key == line.Key))[line.Key];
        await ledger.SettleAsync(running, [line.Key], 50_000, Ct);
        var after = (await CountersAsync(key => key == line.Key))[line.Key];

        Assert.Equal((120_000L, 200_000L), (rebuilt.SpentMicros, rebuilt.ReservedMicros));
        Assert.Equal((170_000L, 0L), (after.SpentMicros, after.ReservedMicros));
    }

    [Fact]
    public async Task Given_a_lost_counter_When_many_requests_rebuild_and_reserve_it_at_once_Then_it_is_counted_once_and_never_overspent()
    {
        const long Amount = 100_000;
        var line = new BudgetLine($"team:{Guid.NewGuid():N}:month:2026-11", "a test budget", 5 * Amount + (Amount / 2));
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<BudgetLedger>();
            var earlier = Guid.NewGuid();
            await ledger.ReserveAsync(earlier, [line], Amount, writeBehind: false, Ct);
            await ledger.SettleAsync(earlier, [line.Key], Amount, Ct);
        }

        await ForgetBudgetCountersAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(Guid.NewGuid(), [line], Amount, writeBehind: false, Ct);
        }, Ct)));

        Assert.Equal(4, results.Count(r => !r.IsError));
        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((Amount, 4 * Amount), (counter.SpentMicros, counter.ReservedMicros));
    }

    [Fact]
    public async Task Given_two_hosts_on_one_redis_When_both_reserve_against_one_budget_at_once_Then_together_they_never_overspend()
    {
        const long Amount = 100_000;
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 5 * Amount + (Amount / 2));
        await using var other = Host.CreateVariant(new Dictionary<string, string>());
        IServiceProvider[] hosts = [Host.Services, other.Services];

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var scope = hosts[i % 2].CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(Guid.NewGuid(), [line], Amount, writeBehind: false, Ct);
        }, Ct)));

        Assert.Equal(5, results.Count(r => !r.IsError));
        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((0L, 5 * Amount), (counter.SpentMicros, counter.ReservedMicros));
    }

    [Fact]
    public async Task Given_a_run_whose_instance_died_before_settling_When_stale_reservations_are_released_Then_it_is_charged_its_estimate_once()
    {
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 1_000_000);
        var requestId = Guid.NewGuid();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(requestId, [line], 300_000, writeBehind: false, Ct);
        }

        // The run never came back: its reservation is older than any run lasts.
        var taken = DateTimeOffset.UtcNow - ReleaseStaleReservations.HeldAtMost - TimeSpan.FromMinutes(1);
        await ReadAiAsync(db => db.Reservations.Where(r => r.RequestId == requestId).ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, taken), Ct));
        var released = await Host.SendAsync(new ReleaseStaleReservations.Command());
        var again = await Host.SendAsync(new ReleaseStaleReservations.Command());

        Assert.Equal((1, 0), (released.Value, again.Value));
        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((300_000L, 0L), (counter.SpentMicros, counter.ReservedMicros));
        var reservation = await ReadAiAsync(db => db.Reservations.AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal(300_000, reservation.SettledMicros);
    }

    [Fact]
    public async Task Given_a_crash_between_the_answer_and_its_record_When_stale_reservations_are_released_Then_the_store_keeps_the_real_cost_and_the_rows_the_estimate()
    {
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 1_000_000);
        var requestId = Guid.NewGuid();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(requestId, [line], 300_000, writeBehind: false, Ct);
        }

        // The answer went out and the counters were settled at its real cost; the instance died before its rows were written.
        await Host.Services.GetRequiredService<IBudgetStore>().SettleAsync([new BudgetSettlement(requestId, [line.Key], 40_000)]);
        var taken = DateTimeOffset.UtcNow - ReleaseStaleReservations.HeldAtMost - TimeSpan.FromMinutes(1);
        await ReadAiAsync(db => db.Reservations.Where(r => r.RequestId == requestId).ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, taken), Ct));
        await Host.SendAsync(new ReleaseStaleReservations.Command());
        var live = (await CountersAsync(key => key == line.Key))[line.Key];
        await ForgetBudgetCountersAsync();
        var rebuilt = (await CountersAsync(key => key == line.Key))[line.Key];

        Assert.Equal((40_000L, 0L), (live.SpentMicros, live.ReservedMicros));
        Assert.Equal((300_000L, 0L), (rebuilt.SpentMicros, rebuilt.ReservedMicros));
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_settled_and_running_reservations_When_an_admin_lists_the_budgets_Then_each_counter_shows_what_is_spent_and_reserved()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<BudgetLedger>();
        var lines = await ledger.LinesAsync(new AiCaller(Demo.PriyaShah.Id, null), Ct);
        var (settled, running) = (Guid.NewGuid(), Guid.NewGuid());
        await ledger.ReserveAsync(settled, lines, 300_000, writeBehind: false, Ct);
        await ledger.SettleAsync(settled, [.. lines.Select(l => l.Key)], 120_000, Ct);
        await ledger.ReserveAsync(running, lines, 200_000, writeBehind: false, Ct);

        var budgets = await Host.SendAsync(new ListBudgets.Query(), Demo.Admin);

        Assert.False(budgets.IsError);
        Assert.Equal(
            lines.Select(l => new ListBudgets.Use(l.Key, 0.12m, 0.2m)).OrderBy(u => u.Counter, StringComparer.Ordinal),
            budgets.Value.InUse);
    }
}
