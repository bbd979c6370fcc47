using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>
/// The Anthropic Messages API (<c>POST /v1/messages</c>) as its reference documents it: a <c>message</c> with usage,
/// the streamed events (message_start with input tokens, content_block_start/delta/stop, ping, message_delta with
/// output tokens, message_stop), and errors as <c>{"type":"error","error":{type,message}}</c>: 529 overloaded_error,
/// 429 rate_limit_error with retry-after.
/// </summary>
internal sealed class AnthropicFake : FakeProvider
{
    public const string Path = "/v1/messages";
    private const string Id = "msg_01XFDUDYJgAACzvnptvVoYEL";

    public void Answers(string text, int inputTokens, int outputTokens, string model = "claude-haiku-4-5") =>
        Server.Given(Messages()).RespondWith(Answer(text, inputTokens, outputTokens, model));

    public void Streams(IReadOnlyList<string> pieces, int inputTokens, int outputTokens, string model = "claude-haiku-4-5")
    {
        var events = new List<string>
        {
            Event("message_start", new
            {
                type = "message_start",
                message = new
                {
                    id = Id, type = "message", role = "assistant", content = Array.Empty<object>(), model,
                    stop_reason = (string?)null, stop_sequence = (string?)null,
                    usage = new { input_tokens = inputTokens, output_tokens = 1, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 },
                },
            }),
            Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
            Event("ping", new { type = "ping" }),
        };
        events.AddRange(pieces.Select(p => Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = p } })));
        events.Add(Event("content_block_stop", new { type = "content_block_stop", index = 0 }));
        events.Add(Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = outputTokens } }));
        events.Add(Event("message_stop", new { type = "message_stop" }));
        Server.Given(Messages()).RespondWith(Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "text/event-stream")
            .WithHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
            .WithBody(Events(events)));
    }

    public void Overloaded() =>
        Server.Given(Messages()).RespondWith(Error(529, "overloaded_error", "Overloaded"));

    public void OverloadedThenAnswers(string text)
    {
        Server.Given(Messages()).InScenario("overload").WillSetStateTo("recovered")
            .RespondWith(Error(529, "overloaded_error", "Overloaded"));
        Server.Given(Messages()).InScenario("overload").WhenStateIs("recovered")
            .RespondWith(Answer(text, 20, 5, "claude-haiku-4-5"));
    }

    public void RateLimits(int retryAfterSeconds) =>
        Server.Given(Messages()).RespondWith(Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.")
            .WithHeader("retry-after", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHeader("anthropic-ratelimit-requests-limit", "50")
            .WithHeader("anthropic-ratelimit-requests-remaining", "0"));

    private static IRequestBuilder Messages() => Request.Create().WithPath(Path).UsingPost();

    private static string Event(string name, object data) => $"event: {name}\ndata: {Json(data)}";

    private static IResponseBuilder Answer(string text, int inputTokens, int outputTokens, string model) =>
        Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
            .WithBody(Json(new
            {
                id = Id,
                type = "message",
                role = "assistant",
                model,
                content = new[] { new { type = "text", text } },
                stop_reason = "end_turn",
                stop_sequence = (string?)null,
                usage = new { input_tokens = inputTokens, output_tokens = outputTokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 },
            }));

    private static IResponseBuilder Error(int status, string type, string message) =>
        Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fz")
            .WithBody(Json(new { type = "error", error = new { type, message } }));
}
