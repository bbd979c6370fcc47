using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>The local default on SQLite (counters in process, no Redis): the router answers, and reservations hold under concurrency there too.</summary>
[Collection(HostCollection.Name)]
public sealed class SqliteBudgetTests() : SqliteHostTest("rc-sqlite-ai-")
{
    [Fact]
    public async Task Given_the_local_host_on_sqlite_When_an_agent_asks_Then_the_local_model_answers_and_the_request_is_recorded()
    {
        using var client = Host.CreateApiClient(Demo.ApiKey);

        var response = await client.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = "Summarize: the client wants a higher deductible.", complexity = 1 }, Ct);

        var answer = await response.ShouldBeAsync<AiAnswer>(HttpStatusCode.OK);
        Assert.Equal(LocalModel.Name, answer.ModelUsed);
        await Host.Services.GetRequiredService<AiRecordWriter>().FlushAsync(Ct);
        await using var scope = Host.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>().Requests.CountAsync(Ct));
    }

    [Fact]
    public async Task Given_a_budget_for_five_reservations_on_sqlite_When_twelve_are_taken_at_once_Then_exactly_five_succeed()
    {
        const long Amount = 100_000;
        Host.StartServer();
        var line = new BudgetLine($"agent:{Guid.NewGuid():N}:day:2026-11-26", "a test budget", 5 * Amount);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BudgetLedger>().ReserveAsync(Guid.NewGuid(), [line], Amount, writeBehind: false, Ct);
        }, Ct)));

        Assert.Equal(5, results.Count(r => !r.IsError));
        await using var check = Host.Services.CreateAsyncScope();
        var counter = Assert.Single(await check.ServiceProvider.GetRequiredService<BudgetLedger>().UsageAsync([line.Key], Ct));
        Assert.Equal(5 * Amount, counter.ReservedMicros);
        Assert.Equal(5, await check.ServiceProvider.GetRequiredService<AiRoutingDbContext>().Reservations.CountAsync(Ct));
    }
}
