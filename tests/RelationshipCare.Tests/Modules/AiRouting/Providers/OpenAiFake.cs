using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>
/// The OpenAI chat completions API (<c>POST /v1/chat/completions</c>) as its reference documents it: JSON answers
/// with usage, server-sent event streams of <c>chat.completion.chunk</c> deltas ending with the usage chunk and
/// <c>data: [DONE]</c>, and errors as <c>{"error":{message,type,param,code}}</c> with their rate-limit headers.
/// </summary>
/// <param name="prefix">A path the endpoint lives under, as an Azure OpenAI resource's <c>/openai</c>.</param>
internal sealed class OpenAiFake(string prefix = "") : FakeProvider
{
    public const string Path = "/v1/chat/completions";
    private const string Id = "chatcmpl-9x2Lr7Qk";
    private const long Created = 1_764_115_200;

    public void Answers(string content, int promptTokens, int completionTokens, string model = "gpt-4o-mini") =>
        Server.Given(Completions()).RespondWith(Answer(content, promptTokens, completionTokens, model));

    public void Streams(IReadOnlyList<string> pieces, int promptTokens, int completionTokens, string model = "gpt-4o-mini") =>
        Server.Given(Completions()).RespondWith(Stream(pieces, promptTokens, completionTokens, model));

    /// <summary>A 429 with the headers OpenAI sends, then (in the same scenario) a normal answer.</summary>
    public void RateLimitsThenAnswers(string retryAfterHeader, string retryAfter, string content)
    {
        Server.Given(Completions()).InScenario("rate-limit").WillSetStateTo("recovered")
            .RespondWith(RateLimited(retryAfterHeader, retryAfter));
        Server.Given(Completions()).InScenario("rate-limit").WhenStateIs("recovered")
            .RespondWith(Answer(content, 20, 5, "gpt-4o-mini"));
    }

    public void RateLimits(string retryAfterHeader, string retryAfter) =>
        Server.Given(Completions()).RespondWith(RateLimited(retryAfterHeader, retryAfter));

    public void Fails(int status, string type, string code, string message) =>
        Server.Given(Completions()).RespondWith(Error(status, type, code, message));

    /// <summary>Forgets every answer set up so far and answers normally from now on.</summary>
    public void Recovers(string content)
    {
        Server.ResetMappings();
        Answers(content, 20, 5);
    }

    public void AnswersAfter(TimeSpan delay, string content) =>
        Server.Given(Completions()).RespondWith(Answer(content, 20, 5, "gpt-4o-mini").WithDelay(delay));

    public void StreamsAfter(TimeSpan delay, IReadOnlyList<string> pieces) =>
        Server.Given(Completions()).RespondWith(Stream(pieces, 20, pieces.Count, "gpt-4o-mini").WithDelay(delay));

    public string Endpoint => BaseUrl + prefix;

    private IRequestBuilder Completions() => Request.Create().WithPath(prefix + Path).UsingPost();

    private static IResponseBuilder Answer(string content, int promptTokens, int completionTokens, string model) =>
        Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("x-request-id", "req_7f3b2c")
            .WithBody(Json(new
            {
                id = Id,
                @object = "chat.completion",
                created = Created,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, logprobs = (object?)null, finish_reason = "stop" } },
                usage = new
                {
                    prompt_tokens = promptTokens,
                    completion_tokens = completionTokens,
                    total_tokens = promptTokens + completionTokens,
                    prompt_tokens_details = new { cached_tokens = 0 },
                },
                system_fingerprint = "fp_0ba0d124f1",
            }));

    /// <summary>One streamed <c>chat.completion.chunk</c> event carrying <paramref name="content"/>.</summary>
    public static string DeltaEvent(string content, string model = "gpt-4o-mini") =>
        "data: " + Json(Chunk(model, [new { index = 0, delta = new { content }, finish_reason = (string?)null }]));

    private static object Chunk(string model, object[] choices, object? usage = null) => new
    {
        id = Id,
        @object = "chat.completion.chunk",
        created = Created,
        model,
        system_fingerprint = "fp_0ba0d124f1",
        choices,
        usage,
    };

    private static IResponseBuilder Stream(IReadOnlyList<string> pieces, int promptTokens, int completionTokens, string model)
    {
        var events = new List<string> { "data: " + Json(Chunk(model, [new { index = 0, delta = new { role = "assistant", content = "" }, finish_reason = (string?)null }])) };
        events.AddRange(pieces.Select(p => DeltaEvent(p, model)));
        events.Add("data: " + Json(Chunk(model, [new { index = 0, delta = new { }, finish_reason = "stop" }])));
        events.Add("data: " + Json(Chunk(model, [], new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens })));
        events.Add("data: [DONE]");
        return Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "text/event-stream")
            .WithBody(Events(events));
    }

    /// <summary>A 500, then (in the same scenario) a stream.</summary>
    public void FailsThenStreams(IReadOnlyList<string> pieces)
    {
        Server.Given(Completions()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Error(500, "server_error", "internal_error", "The server had an error while processing your request."));
        Server.Given(Completions()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Stream(pieces, 20, pieces.Count, "gpt-4o-mini"));
    }

    private static IResponseBuilder RateLimited(string retryAfterHeader, string retryAfter) =>
        Error(429, "requests", "rate_limit_exceeded", "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 500, Used 500, Requested 1.")
            .WithHeader(retryAfterHeader, retryAfter)
            .WithHeader("x-ratelimit-limit-requests", "500")
            .WithHeader("x-ratelimit-remaining-requests", "0")
            .WithHeader("x-ratelimit-reset-requests", "120ms");

    private static IResponseBuilder Error(int status, string type, string code, string message) =>
        Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithBody(Json(new { error = new { message, type, param = (string?)null, code } }));
}
