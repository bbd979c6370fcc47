using System.Threading.Channels;
using ErrorOr;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using RelationshipCare.Web.Platform.Caching;

namespace RelationshipCare.Tests.Modules.AiRouting;

/// <summary>
/// Host tests of the router. The host runs the local default (no provider configured), so requests route to the
/// built-in local provider at $0; a test that needs a price adds a priced model served by the local provider through
/// the back office, exactly as an admin would, and routes a tier to it.
/// </summary>
public abstract class AiRoutingTest(HostFixture host) : HostTest(host)
{
    internal const string PricedModel = "local-premium";

    private readonly List<IDisposable> _subscriptions = [];

    /// <summary>
    /// The catalogue is kept in memory: forget the previous test's edits, which the reset removed from the database.
    /// Hangfire's log provider is process-wide and follows the last host that configured Hangfire (a variant another
    /// test started and disposed): point it back at the shared host, whose job server runs the approved requests.
    /// </summary>
    public override async ValueTask InitializeAsync()
    {
        // The previous test's answers may still wait for the writer: written after the reset, they would be this test's.
        await Host.Services.GetRequiredService<AiRecordWriter>().FlushAsync(Ct);
        await base.InitializeAsync();
        await ForgetBudgetCountersAsync();
        Host.Services.GetRequiredService<ModelCatalogue>().Invalidate();
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(Host.Services.GetRequiredService<ILoggerFactory>()));
    }

    public override ValueTask DisposeAsync()
    {
        _subscriptions.ForEach(s => s.Dispose());
        return base.DisposeAsync();
    }

    /// <summary>
    /// What the budget counters in the store hold now, for every counter a reservation row names that
    /// <paramref name="which"/> selects (a counter the store lost is rebuilt from those rows first), once the host gave
    /// back the allowances it took ahead: what is reserved is then what running requests hold.
    /// </summary>
    internal async Task<Dictionary<string, BudgetUse>> CountersAsync(Func<string, bool> which)
    {
        await Host.Services.GetRequiredService<IBudgetStore>().ReturnAllowancesAsync();
        var named = await ReadAiAsync(db => db.Reservations.AsNoTracking().Select(r => r.CounterKeys).ToListAsync(Ct));
        var keys = named.SelectMany(k => k).Where(which).Distinct().ToList();
        await using var scope = Host.Services.CreateAsyncScope();
        var uses = await scope.ServiceProvider.GetRequiredService<BudgetLedger>().UsageAsync(keys, Ct);
        return keys.Zip(uses).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>
    /// The reset emptied the reservation rows the counters are built from: the store's counters and holds go too, as
    /// when Redis loses its data, after the host gave back its allowances, as when it stops.
    /// </summary>
    internal async Task ForgetBudgetCountersAsync()
    {
        await Host.Services.GetRequiredService<IBudgetStore>().ReturnAllowancesAsync();
        var redis = Host.Services.GetRequiredService<RedisConnection>().Multiplexer;
        var database = redis.GetDatabase();
        await foreach (var key in redis.GetServers()[0].KeysAsync(TestServices.RedisDatabase, "rc:ai:*"))
        {
            await database.KeyDeleteAsync(key);
        }
    }

    /// <summary>An admin prices <see cref="PricedModel"/> (served by the local provider) and routes <paramref name="tier"/> to it.</summary>
    internal async Task RouteTierToPricedModelAsync(string tier, decimal inputPerMillion, decimal outputPerMillion)
    {
        var saved = await Host.SendAsync(new SaveModel.Command
        {
            Name = PricedModel,
            Provider = LocalModel.Provider,
            ContextWindow = 128_000,
            MaxOutputTokens = 4_096,
            InputPerMillion = inputPerMillion,
            OutputPerMillion = outputPerMillion,
            PriceEffectiveFrom = new DateOnly(2026, 1, 1),
        }, Demo.Admin);
        Assert.False(saved.IsError, saved.IsError ? saved.FirstError.Description : null);
        var routed = await Host.SendAsync(new SaveRoutingRule.Command { Tier = tier, Models = [PricedModel] }, Demo.Admin);
        Assert.False(routed.IsError, routed.IsError ? routed.FirstError.Description : null);
    }

    internal static AskAi.Command Question(string prompt, string type = "simple-lookup", int complexity = 1, Guid? clientId = null, bool bypassCache = false) => new()
    {
        Type = type,
        Prompt = prompt,
        Complexity = complexity,
        ClientId = clientId,
        BypassCache = bypassCache,
    };

    internal Task<ErrorOr<AiPlan>> PlanAsync(AskAi.Command question, DemoPerson asker) => Host.SendAsync(question, asker);

    /// <summary>Reads the module's tables once the rows of the requests answered so far are written (they are written after the answer).</summary>
    internal async Task<T> ReadAiAsync<T>(Func<AiRoutingDbContext, Task<T>> read)
    {
        await Host.Services.GetRequiredService<AiRecordWriter>().FlushAsync(Ct);
        return await Host.ReadAsync(read);
    }

    /// <summary>Waits until another host has written the rows of the requests it answered.</summary>
    internal static Task WrittenByAsync(WebApplicationFactory<Program> variant) => variant.Services.GetRequiredService<AiRecordWriter>().FlushAsync(Ct);

    internal Task<List<AiRequestRecord>> RequestsAsync() => ReadAiAsync(db => db.Requests.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(Ct));

    /// <summary>The notices <paramref name="person"/>'s open pages would receive from now on.</summary>
    internal ChannelReader<AiNotice> Listen(DemoPerson person)
    {
        var notices = Channel.CreateUnbounded<AiNotice>();
        _subscriptions.Add(Host.Services.GetRequiredService<AiNotifier>().Subscribe(person.Id, notice => notices.Writer.WriteAsync(notice).AsTask()));
        return notices.Reader;
    }

    /// <summary>The next notice of <paramref name="kind"/>, skipping others, within 30 s (a background job may have to run first).</summary>
    internal static async Task<AiNotice> NextAsync(ChannelReader<AiNotice> notices, AiNoticeKind kind)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var notice = await notices.ReadAsync(timeout.Token);
            if (notice.Kind == kind)
            {
                return notice;
            }
        }
    }
}
