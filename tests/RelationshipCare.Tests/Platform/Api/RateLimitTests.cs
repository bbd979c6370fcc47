using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;

namespace RelationshipCare.Tests.Platform.Api;

[Collection(HostCollection.Name)]
public sealed class RateLimitTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_limit_of_one_request_at_once_When_an_agent_sends_a_burst_Then_they_get_429_problem_with_retry_after_and_others_are_unaffected()
    {
        await using var host = Host.CreateVariant(new Dictionary<string, string> { ["Api:Burst"] = "1", ["Api:RequestsPerMinute"] = "60" });
        using var jamie = host.CreateApiClient((await new ApiKeyBuilder(Demo.JamieRivera.Id).SaveAsync(Host.Services)).Secret);
        using var daniel = host.CreateApiClient((await new ApiKeyBuilder(Demo.DanielOkafor.Id).SaveAsync(Host.Services)).Secret);

        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => jamie.GetAsync("/api/teams/agents/me", Ct)));

        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.OK);
        var limited = burst.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.EndsWith(":rate-limited", problem.Type, StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, (await daniel.GetAsync("/api/teams/agents/me", Ct)).StatusCode);
    }
}
