using System.Net;
using System.Text;
using RelationshipCare.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace RelationshipCare.Tests.Platform.Observability;

/// <summary>
/// OpenTelemetry collects only when it has somewhere to send what it collects. The shared host has no endpoint (and
/// its problems still carry a trace id: <see cref="ResponseAssertions.ShouldBeProblemAsync"/>); here a collector on
/// 127.0.0.1 receives a request's trace by OTLP.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TelemetryTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_otlp_endpoint_When_a_request_is_served_Then_its_trace_reaches_the_collector()
    {
        using var collector = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
        collector.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var traced = Host.CreateVariant(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url!,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Spans are exported in batches, every 5 s by default.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });

        var response = await traced.CreateClient().GetAsync("/api/teams/agents/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(Traces().Any(Names("/api/teams/agents/me"))), "the request's trace reaches the collector");
        Assert.True(Traces().Any(Names("relationship-care")), "The traces do not name the service.");

        IEnumerable<string> Traces() => collector.LogEntries
            .Where(e => e.RequestMessage.Path == "/v1/traces")
            .Select(e => Encoding.UTF8.GetString(e.RequestMessage.BodyAsBytes ?? []));
    }

    /// <summary>An OTLP body is protobuf, whose strings are plain UTF-8.</summary>
    private static Func<string, bool> Names(string text) => body => body.Contains(text, StringComparison.Ordinal);
}
