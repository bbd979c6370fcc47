using System.Net;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Observability;

[Collection(HostCollection.Name)]
public sealed class HealthTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_running_host_When_liveness_is_asked_Then_it_answers_healthy_without_signing_in()
    {
        var response = await Host.Factory.CreateApiClient().GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }
}
