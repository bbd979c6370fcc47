using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Configuration;

/// <summary>A host given a setting it cannot use must refuse to start, with a message that names the key.</summary>
[Collection(HostCollection.Name)]
public sealed class OptionsValidationTests(HostFixture host) : HostTest(host)
{
    [Theory]
    [InlineData("ConnectionStrings:Postgres", "", "ConnectionStrings:Postgres")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Api:Burst", "0", "Api:Burst")]
    [InlineData("Api:MaxRequestBodyBytes", "10", "Api:MaxRequestBodyBytes")]
    [InlineData("Jobs:WorkerCount", "0", "Jobs:WorkerCount")]
    [InlineData("Jobs:PollIntervalSeconds", "0", "Jobs:PollIntervalSeconds")]
    public async Task Given_a_setting_the_host_cannot_use_When_it_starts_Then_it_refuses_naming_the_key(string key, string value, string named)
    {
        // With a job server, as production runs: its settings are applied when the host starts.
        await using var host = Host.CreateVariant(new Dictionary<string, string> { ["Jobs:RunServer"] = "true", [key] = value });

        var failure = Record.Exception(host.StartServer);

        Assert.NotNull(failure);
        var messages = Messages(failure).ToList();
        Assert.True(messages.Any(m => m.Contains(named, StringComparison.Ordinal)), $"No message names {named}: {string.Join(" | ", messages)}");
    }

    private static IEnumerable<string> Messages(Exception exception) =>
        exception is AggregateException aggregate
            ? [aggregate.Message, .. aggregate.InnerExceptions.SelectMany(Messages)]
            : exception.InnerException is { } inner ? [exception.Message, .. Messages(inner)] : [exception.Message];
}
