using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using RelationshipCare.Tests.Infrastructure;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;

/// <summary>A request as a fake CRM sees it.</summary>
internal sealed class FakeRequest(IRequestMessage message)
{
    public string Method { get; } = message.Method.ToUpperInvariant();

    public string Path { get; } = message.Path;

    public NameValueCollection Query { get; } = HttpUtility.ParseQueryString(message.RawQuery ?? "");

    /// <summary>The form fields of a token request.</summary>
    public NameValueCollection Form { get; } = HttpUtility.ParseQueryString(message.Body ?? "");

    public JsonNode? Json { get; } = ParseJson(message.Body);

    public string? Header(string name) =>
        message.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The token after the scheme of the Authorization header, if the scheme is <paramref name="scheme"/>.</summary>
    public string? Token(string scheme) =>
        Header("Authorization") is { } value && value.StartsWith(scheme + " ", StringComparison.Ordinal) ? value[(scheme.Length + 1)..] : null;

    private static JsonNode? ParseJson(string? body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A fake CRM's answer: status, JSON body (or none), headers.</summary>
internal sealed record FakeAnswer(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeAnswer NoContent { get; } = new(204);
}

/// <summary>One call a fake answered (and when it arrived), with the JSON body it received, for tests that check what reached the CRM.</summary>
internal sealed record FakeCall(string Method, string Path, int Status, JsonNode? Body = null, DateTimeOffset At = default);

/// <summary>
/// A fake CRM on 127.0.0.1 (WireMock.Net): one catch-all mapping hands every request to the fake's own routing, which
/// keeps its records in memory and answers with the CRM's documented paths, headers, statuses and bodies. Faults can
/// be injected: the next N API calls fail with a 5xx, every answer comes late.
/// </summary>
internal abstract class CrmFake : IDisposable
{
    private readonly WireMockServer _server;
    private readonly Lock _gate = new();
    private int _failures;
    private int _failureStatus;
    private int _lostAnswers;
    private Func<FakeRequest, bool> _losesAnswerTo = _ => false;

    protected CrmFake()
    {
        var port = Loopback.FreePort();
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Url { get; }

    /// <summary>How late every answer comes (a slow CRM).</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    public int CallsTo(string pathStart, string? method = null) =>
        Calls.Count(c => c.Path.StartsWith(pathStart, StringComparison.Ordinal) && (method is null || c.Method == method));

    /// <summary>The next <paramref name="count"/> API calls (token calls excluded) fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = 500)
    {
        lock (_gate)
        {
            _failures = count;
            _failureStatus = status;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> calls <paramref name="which"/> selects are carried out, but their answer is lost:
    /// the caller sees a 503, as when a gateway times out after the CRM saved the record.
    /// </summary>
    public void LoseAnswers(Func<FakeRequest, bool> which, int count = 1)
    {
        lock (_gate)
        {
            _losesAnswerTo = which;
            _lostAnswers = count;
        }
    }

    public void Dispose() => _server.Stop();

    protected abstract bool IsTokenEndpoint(FakeRequest request);

    /// <summary>Answers one request; runs under the fake's lock, so its records need no other guard.</summary>
    protected abstract FakeAnswer Handle(FakeRequest request);

    protected static JsonObject Object(params (string Name, JsonNode? Value)[] properties)
    {
        var json = new JsonObject();
        foreach (var (name, value) in properties)
        {
            json[name] = value;
        }

        return json;
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage message)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var request = new FakeRequest(message);
        var arrived = DateTimeOffset.UtcNow;
        FakeAnswer answer;
        lock (_gate)
        {
            if (_failures > 0 && !IsTokenEndpoint(request))
            {
                _failures--;
                answer = new FakeAnswer(_failureStatus, Object(("message", "Service unavailable")));
            }
            else
            {
                answer = Handle(request);
                if (_lostAnswers > 0 && !IsTokenEndpoint(request) && _losesAnswerTo(request))
                {
                    _lostAnswers--;
                    answer = new FakeAnswer(503, Object(("message", "Service unavailable")));
                }
            }
        }

        Calls.Enqueue(new FakeCall(request.Method, request.Path, answer.Status, request.Json?.DeepClone(), arrived));
        var response = new ResponseMessage { StatusCode = answer.Status };
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            response.AddHeader(name, value);
        }

        if (answer.Body is not null)
        {
            response.AddHeader("Content-Type", "application/json;charset=UTF-8");
            response.BodyData = new BodyData
            {
                BodyAsString = answer.Body.ToJsonString(),
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            };
        }

        return response;
    }
}
