using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>
/// Two complete hosts on the same database and Redis, both calling one HubSpot connection at once: the limiter's
/// counters live in Redis, so together they stay within the connection's burst limit and HubSpot never answers 429.
/// The window is scaled down (10 calls a second) so the test takes seconds, not minutes.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TwoHostsLimitTests(HostFixture host) : HostTest(host)
{
    private const int Burst = 10;
    private const int CallsPerHost = 30;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly HubSpotFake _hubSpot = new() { BurstLimit = Burst, BurstWindow = Window };

    [Fact]
    public async Task Given_two_hosts_sharing_one_redis_When_both_call_the_same_HubSpot_connection_at_once_Then_no_window_exceeds_the_burst_and_HubSpot_never_answers_429()
    {
        _hubSpot.AddContact("Ada", "Lovelace", "ada@example.com", DateTimeOffset.UtcNow.AddDays(-1));
        var builder = new ConnectionBuilder(_hubSpot);
        var create = builder.ToCreate() with
        {
            Limits = new CrmLimitSettings { DailyLimit = 650_000, BurstLimit = Burst, BurstWindow = Window, MaxWait = TimeSpan.FromSeconds(30) },
        };
        var created = await Host.SendAsync(create, Demo.Admin);
        var id = created.Value.Id;
        await using var second = Host.CreateVariant(new Dictionary<string, string>());
        var apiKey = (await new ApiKeyBuilder(Demo.Admin.Id).SaveAsync(Host.Services)).Secret;
        using var first = Host.Factory.CreateApiClient(apiKey);
        using var other = second.CreateApiClient(apiKey);

        // Each host sends its calls five at a time: "Test" signs in and reads one contact through the host's own connector.
        var answers = await Task.WhenAll(new[] { first, other }.Select(async client =>
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var batch in Enumerable.Range(0, CallsPerHost).Chunk(5))
            {
                var sent = await Task.WhenAll(batch.Select(_ => client.PostAsync($"/api/crm/connections/{id}/test", null, Ct)));
                statuses.AddRange(sent.Select(r => r.StatusCode));
                foreach (var response in sent)
                {
                    Assert.Contains("\"succeeded\":true", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
                    response.Dispose();
                }
            }

            return statuses;
        }));

        Assert.All(answers.SelectMany(a => a), status => Assert.Equal(HttpStatusCode.OK, status));
        var calls = _hubSpot.Calls.Where(c => c.Path.StartsWith("/crm/", StringComparison.Ordinal)).Select(c => c.At).Order().ToList();
        // Every test call reached HubSpot; the recurring sync may have made a few more (its quarter-hour can fall in the run).
        Assert.InRange(calls.Count, 2 * CallsPerHost, 2 * CallsPerHost + Burst);
        Assert.Equal(0, _hubSpot.TooManyRequests);
        Assert.DoesNotContain(_hubSpot.Calls, c => c.Status == 429);
        // Every window of the burst's length, starting at any call, holds no more calls than the burst allows.
        var busiest = calls.Select((start, i) => calls.Skip(i).TakeWhile(at => at - start < Window).Count()).Max();
        Assert.InRange(busiest, 1, Burst);
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }
}
