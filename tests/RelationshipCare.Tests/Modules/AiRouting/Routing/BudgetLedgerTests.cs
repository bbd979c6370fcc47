using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>Reserve-then-settle with the counters in Redis and the reservations in PostgreSQL: concurrent requests can never spend more than a budget holds.</summary>
[Collection(HostCollection.Name)]
public sealed class BudgetLedgerTests(HostFixture host) : AiRoutingTest(host)
{
    [Fact]
    public async Task Given_a_budget_for_five_reservations_When_twenty_are_taken_at_once_Then_exactly_five_succeed_and_the_rest_are_refused()
    {
        const long Amount = 100_000;
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 5 * Amount + (Amount / 2));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(Guid.NewGuid(), [line], Amount, writeBehind: false, Ct);
        }, Ct)));

        Assert.Equal(5, results.Count(r => !r.IsError));
        Assert.All(results.Where(r => r.IsError), r => Assert.Equal("ai.over-budget", r.FirstError.Code));
        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((0L, 5 * Amount), (counter.SpentMicros, counter.ReservedMicros));
    }

    [Fact]
    public async Task Given_a_reservation_When_settled_twice_Then_the_actual_cost_is_charged_once_and_the_estimate_released()
    {
        var line = new BudgetLine($"team:{Guid.NewGuid():N}:month:2026-11", "a test budget", 1_000_000);
        var requestId = Guid.NewGuid();
        await using var scope = Host.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<BudgetLedger>();
        await ledger.ReserveAsync(requestId, [line], 300_000, writeBehind: false, Ct);

        await ledger.SettleAsync(requestId, [line.Key], 120_000, Ct);
        await ledger.SettleAsync(requestId, [line.Key], 120_000, Ct);

        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((120_000L, 0L), (counter.SpentMicros, counter.ReservedMicros));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Given_an_agent_request_whose_reservation_row_is_written_behind_When_it_finishes_Then_the_row_lands_settled_at_the_real_cost(bool flushBetween)
    {
        // Without a flush between them, the reservation and its answer may land in one batch: the row is written settled.
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 1_000_000);
        var requestId = Guid.NewGuid();
        var writer = Host.Services.GetRequiredService<AiRecordWriter>();
        await using var scope = Host.Services.CreateAsyncScope();

        var reserved = await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(requestId, [line], 300_000, writeBehind: true, Ct);
        if (flushBetween)
        {
            var held = (await CountersAsync(key => key == line.Key))[line.Key];
            Assert.Equal((0L, 300_000L), (held.SpentMicros, held.ReservedMicros));
        }

        await writer.WriteAsync(
            new AiRequestRecord
            {
                Id = requestId,
                AgentId = Demo.PriyaShah.Id,
                RequestType = "simple-lookup",
                Tier = "simple-lookup",
                Model = PricedModel,
                Provider = "local",
                Channel = "api",
                Status = AiRequestStatus.Completed,
                CostMicros = 120_000,
                CreatedAt = DateTimeOffset.UtcNow,
                CompletedAt = DateTimeOffset.UtcNow,
            },
            new BudgetSettlement(requestId, [line.Key], 120_000));

        Assert.False(reserved.IsError);
        var counter = (await CountersAsync(key => key == line.Key))[line.Key];
        Assert.Equal((120_000L, 0L), (counter.SpentMicros, counter.ReservedMicros));
        var row = await ReadAiAsync(db => db.Reservations.AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal((300_000L, 120_000L), (row.AmountMicros, row.SettledMicros));
    }

    [Fact]
    public async Task Given_many_concurrent_requests_against_one_small_budget_When_they_run_Then_what_is_spent_and_held_never_exceeds_it()
    {
        // Each request may cost up to ~$0.03 (300 output tokens at $100 per million); the agent may spend $0.07 a day.
        await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        await Host.SendAsync(new SaveBudget.Command { Scope = "agent", ScopeId = Demo.PriyaShah.Id, DailyUsd = 0.07m, MonthlyUsd = 1 }, Demo.Admin);
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            priya.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = $"Summarize note {i}: the client asked about a deductible.", complexity = 1 }, Ct)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"Answered {(int)r.StatusCode}."));
        var records = await RequestsAsync();
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), records.Count(r => r.Status == AiRequestStatus.Completed));
        var spent = records.Sum(r => r.CostMicros);
        Assert.InRange(spent, 1, 70_000);
        var day = Assert.Single(await CountersAsync(key => key.StartsWith($"agent:{Demo.PriyaShah.Id:N}:day:", StringComparison.Ordinal))).Value;
        Assert.Equal((spent, 0L), (day.SpentMicros, day.ReservedMicros));
    }
}
