using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Benchmarks;

/// <summary>
/// A full sync of 100,000 contacts from the HubSpot fake (on 127.0.0.1) through the real connector, built with
/// <c>AddCrmConnectors</c>, with the fake and the connection both limited to 190 calls per 10 seconds. A run takes
/// about a minute, so it runs once (after one run that JIT-compiles it), against a freshly seeded fake each time.
/// Besides the time, it prints the calls made, the 429 answers, and the share of the allowance used.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class CrmFullSyncBenchmarks
{
    private const int BurstLimit = 190;
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);

    private readonly List<string> _runs = [];
    private ServiceProvider _services = null!;
    private HubSpotFake? _hubSpot;

    [Params(100_000)]
    public int Contacts { get; set; }

    [GlobalSetup]
    public void Setup() => _services = new ServiceCollection().AddLogging().AddCrmConnectors().BuildServiceProvider();

    /// <summary>A fresh fake per run: its rolling window must not carry the previous run's calls.</summary>
    [IterationSetup]
    public void SeedFake()
    {
        _hubSpot?.Dispose();
        _hubSpot = new HubSpotFake { BurstLimit = BurstLimit, BurstWindow = BurstWindow, DailyLimit = 1_000_000 };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Contacts; i++)
        {
            _hubSpot.AddContact($"First{i}", $"Last{i}", $"person{i}@example.com", start.AddSeconds(i));
        }
    }

    [Benchmark]
    public async Task<int> FullSyncFromHubSpot()
    {
        var connector = _services.GetRequiredService<CrmConnectorFactory>().Get(new CrmConnectionSettings
        {
            ConnectionId = Guid.NewGuid(),
            Kind = CrmKind.HubSpot,
            AuthMode = CrmAuthMode.PrivateAppToken,
            ApiUrl = _hubSpot!.Url,
            Credentials = new CrmCredentials { AccessToken = HubSpotFake.PrivateAppToken },
            Limits = new CrmLimitSettings { DailyLimit = 1_000_000, BurstLimit = BurstLimit, BurstWindow = BurstWindow },
        });

        var clock = Stopwatch.StartNew();
        var synced = 0;
        string? cursor = null;
        do
        {
            var page = await connector.ListChangedAsync(null, cursor, CancellationToken.None);
            synced += page.Clients.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        clock.Stop();
        var calls = _hubSpot.Calls.Count(c => c.Status == 200);
        var allowance = clock.Elapsed / BurstWindow * BurstLimit;
        _runs.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"synced {synced} contacts in {clock.Elapsed.TotalSeconds:0.0} s: {calls} calls, {_hubSpot.TooManyRequests} answered 429, quota use {calls / allowance:P1} of {allowance:0} allowed"));
        return synced;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var run in _runs)
        {
            Console.WriteLine($"// CRM full sync: {run}");
        }

        _hubSpot?.Dispose();
        _services.Dispose();
    }
}
