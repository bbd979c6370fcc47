using System.Net;
using System.Text.Json;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Observability;

[Collection(HostCollection.Name)]
public sealed class HealthTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_running_host_When_liveness_is_asked_Then_it_answers_healthy_without_signing_in()
    {
        var response = await ApiClient().GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Given_a_running_host_When_readiness_is_asked_Then_it_reports_the_database_redis_and_jobs_healthy()
    {
        var report = await ReadinessAsync(ApiClient());

        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal(["database", "jobs", "redis"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), check => Assert.Equal("Healthy", check.Value.GetProperty("status").GetString()));
    }

    /// <summary>
    /// The readiness report, once the job server has reported in (it does so within seconds of starting). Also used
    /// by the SQLite smoke test.
    /// </summary>
    internal static async Task<JsonDocument> ReadinessAsync(HttpClient client)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.GetAsync("/health/ready", Ct);
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            if (response.StatusCode == HttpStatusCode.OK || attempt == 30)
            {
                return report;
            }

            report.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        }
    }
}
