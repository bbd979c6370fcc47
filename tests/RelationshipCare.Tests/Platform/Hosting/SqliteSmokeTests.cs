using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Platform.Observability;

namespace RelationshipCare.Tests.Platform.Hosting;

/// <summary>The local default: the same host on SQLite and local job storage, files in a folder of its own, no Redis.</summary>
[Collection(HostCollection.Name)]
public sealed class SqliteSmokeTests() : SqliteHostTest("rc-sqlite-smoke-")
{
    [Fact]
    public async Task Given_no_configuration_but_a_folder_When_the_host_starts_Then_it_migrates_seeds_signs_in_and_serves_the_dashboard()
    {
        using var browser = await Host.SignInAsync(Demo.MorganLee);

        var dashboard = await browser.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains($"Welcome back, {Demo.MorganLee.FirstName}", await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, "relationship-care.db")));
        Assert.True(File.Exists(Path.Combine(Folder, "hangfire.db")));
    }

    [Fact]
    public async Task Given_the_local_host_When_readiness_is_asked_Then_the_database_and_jobs_are_healthy_without_redis()
    {
        using var client = Host.CreateApiClient();

        using var report = await HealthTests.ReadinessAsync(client);

        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(["database", "jobs"], report.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
    }
}
