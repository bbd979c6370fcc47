using System.Text.Json;
using RelationshipCare.Tests.Infrastructure;
using WireMock.Server;
using WireMock.Settings;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>A WireMock.Net server on 127.0.0.1 standing in for a provider's API; what it received, as JSON.</summary>
internal abstract class FakeProvider : IDisposable
{
    protected FakeProvider()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
    }

    public WireMockServer Server { get; }

    public string BaseUrl => Server.Urls[0];

    public int RequestCount => Server.LogEntries.Count();

    public IReadOnlyList<JsonElement> RequestBodies =>
        [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => JsonDocument.Parse(e.RequestMessage.Body ?? "{}").RootElement.Clone())];

    public IReadOnlyList<IDictionary<string, WireMock.Types.WireMockList<string>>> RequestHeaders =>
        [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => e.RequestMessage.Headers!)];

    public void Dispose() => Server.Stop();

    /// <summary>Server-sent events as the providers write them: each event's lines, then a blank line.</summary>
    protected static string Events(IEnumerable<string> events) => string.Concat(events.Select(e => e + "\n\n"));

    protected static string Json(object value) => JsonSerializer.Serialize(value);
}
