using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// <c>POST /v1/chat/completions</c>, as OpenAI defines it, streamed (server-sent events) or not. <c>model</c> is a
/// concrete model, a tier or <c>auto</c>. The answer carries <c>usage</c> and headers with the model used, the cost
/// and whether it came from the cache. <c>X-RC-Client-Id</c> says which client the question is about;
/// <c>Cache-Control: no-cache</c> skips the cache.
/// </summary>
internal static class CompleteChat
{
    public const string ModelHeader = "x-rc-model";
    public const string CostHeader = "x-rc-cost-usd";
    public const string EstimateHeader = "x-rc-estimated-cost-usd";
    public const string CachedHeader = "x-rc-cached";
    public const string RequestHeader = "x-rc-request-id";
    public const string ClientHeader = "X-RC-Client-Id";

    public sealed record Body
    {
        [JsonPropertyName("model")]
        public string Model { get; init; } = "";

        [JsonPropertyName("messages")]
        public IReadOnlyList<Message> Messages { get; init; } = [];

        [JsonPropertyName("max_tokens")]
        public int? MaxTokens { get; init; }

        [JsonPropertyName("max_completion_tokens")]
        public int? MaxCompletionTokens { get; init; }

        [JsonPropertyName("temperature")]
        public float? Temperature { get; init; }

        [JsonPropertyName("stream")]
        public bool Stream { get; init; }

        [JsonPropertyName("stream_options")]
        public StreamOptions? StreamOptions { get; init; }
    }

    /// <param name="Content">A string, or an array of parts of which the <c>text</c> ones are read.</param>
    public sealed record Message([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] JsonElement Content)
    {
        public string Text => Content.ValueKind switch
        {
            JsonValueKind.String => Content.GetString() ?? "",
            JsonValueKind.Array => string.Concat(Content.EnumerateArray()
                .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out _))
                .Select(part => part.GetProperty("text").GetString())),
            _ => "",
        };
    }

    public sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool IncludeUsage);

    public sealed record Command(Body Body, Guid? ClientId, bool BypassCache) : ICommand<ErrorOr<AiPlan>>;

    private static readonly string[] Roles = ["system", "developer", "user", "assistant"];

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Model).NotEmpty().WithName("model").OverridePropertyName("model")
                .WithMessage("Name a model, a tier or 'auto'.").MaximumLength(100);
            RuleFor(c => c.Body.Messages).NotEmpty().OverridePropertyName("messages").WithMessage("Send at least one message.")
                .Must(m => m.Count <= 500).WithMessage("Send at most 500 messages.");
            RuleForEach(c => c.Body.Messages).ChildRules(message =>
            {
                message.RuleFor(m => m.Role).Must(r => Roles.Contains(r)).WithMessage($"Each role must be one of: {string.Join(", ", Roles)}.");
                message.RuleFor(m => m.Text).MaximumLength(AiQuestionRules.MaxPromptCharacters);
            });
            RuleFor(c => c.Body.Messages).Must(m => m.Any(x => x.Role == "user" && x.Text.Trim().Length > 0))
                .OverridePropertyName("messages").WithMessage("Ask something: no user message has any text.")
                .When(c => c.Body.Messages.Count > 0);
            RuleFor(c => c.Body.MaxTokens).InclusiveBetween(1, 200_000).OverridePropertyName("max_tokens").When(c => c.Body.MaxTokens is not null);
            RuleFor(c => c.Body.MaxCompletionTokens).InclusiveBetween(1, 200_000).OverridePropertyName("max_completion_tokens").When(c => c.Body.MaxCompletionTokens is not null);
            RuleFor(c => c.Body.Temperature).InclusiveBetween(0, 2).OverridePropertyName("temperature").When(c => c.Body.Temperature is not null);
        }
    }

    internal sealed class Handler(AiRouter router, TokenCounter tokens, ICurrentAgent agent) : ICommandHandler<Command, ErrorOr<AiPlan>>
    {
        public async ValueTask<ErrorOr<AiPlan>> Handle(Command command, CancellationToken cancellationToken)
        {
            var body = command.Body;
            var messages = body.Messages.Select(m => new AiMessage(m.Role == "developer" ? "system" : m.Role, m.Text)).ToList();
            var question = messages.Last(m => m.Role == "user").Content;
            // A tier name is the request's type; otherwise the router reads the question to classify it.
            var (type, complexity, reasoning, compliance) = AiRequestTypes.All.Contains(body.Model.ToLowerInvariant())
                ? (body.Model.ToLowerInvariant(), 1, false, false)
                : RequestClassifier.Classify(question, tokens.Count(question));
            var ask = new AiAsk(type, messages, complexity, reasoning, compliance, MaxCostUsd: null, command.ClientId, body.Model,
                body.MaxCompletionTokens ?? body.MaxTokens, body.Temperature, command.BypassCache, "openai");
            return await router.PlanAsync(ask, agent.Id, cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder v1) =>
        v1.MapPost("/chat/completions", async (Body body, HttpContext http, ISender sender, AiExecutor executor) =>
            {
                var clientId = Guid.TryParse(http.Request.Headers[ClientHeader], out var id) ? id : (Guid?)null;
                var bypass = http.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);
                var plan = await sender.Send(new Command(body, clientId, bypass), http.RequestAborted);
                if (plan.IsError)
                {
                    return plan.Errors.ToOpenAiError();
                }

                switch (plan.Value)
                {
                    case AiPlan.Parked parked:
                        http.Response.Headers[RequestHeader] = parked.RequestId.ToString();
                        http.Response.Headers.Location = $"/api/ai/requests/{parked.RequestId}";
                        return Results.Json(new OpenAiCompatible.ErrorBody(new OpenAiCompatible.ErrorDetail(
                                AskAi.ToParked(parked).Message, "approval_required", null, "approval_required")),
                            OpenAiCompatible.Json, statusCode: StatusCodes.Status403Forbidden);
                    case AiPlan.Cached cached when body.Stream:
                        await ChatStream.WriteAsync(http, body, cached.Answer.RequestId, cached.Answer.ModelUsed, cached: true, 0, Replay(cached.Answer));
                        return Results.Empty;
                    case AiPlan.Cached cached:
                        return Completion(http, cached.Answer);
                    case AiPlan.Ready ready when body.Stream:
                        var run = ready.Run;
                        await ChatStream.WriteAsync(http, body, run.RequestId, run.Chain[0].Model.Name, cached: false, run.EstimateMicros,
                            executor.StreamAsync(run, http.RequestAborted));
                        return Results.Empty;
                    default:
                        var answer = await executor.RunAsync(((AiPlan.Ready)plan.Value).Run);
                        return answer.Status == "failed" ? new List<Error> { AiRoutingErrors.Unanswered(answer.Error) }.ToOpenAiError() : Completion(http, answer);
                }
            })
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completion, streamed or not; model is a concrete model, a tier or 'auto'.")
            .Produces<ChatCompletion>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<OpenAiCompatible.ErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiCompatible.ErrorBody>(StatusCodes.Status402PaymentRequired)
            .Produces<OpenAiCompatible.ErrorBody>(StatusCodes.Status403Forbidden)
            .Produces<OpenAiCompatible.ErrorBody>(StatusCodes.Status503ServiceUnavailable);

    public sealed record ChatCompletion(string Id, string Object, long Created, string Model, IReadOnlyList<Choice> Choices, Usage Usage);

    public sealed record Choice(int Index, ChoiceMessage Message, string FinishReason);

    public sealed record ChoiceMessage(string Role, string Content);

    public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens, PromptTokensDetails PromptTokensDetails);

    public sealed record PromptTokensDetails(int CachedTokens);

    private static IResult Completion(HttpContext http, AiAnswer answer)
    {
        SetHeaders(http, answer.RequestId, answer.ModelUsed, answer.Cached);
        http.Response.Headers[CostHeader] = answer.CostUsd.ToString("0.######", CultureInfo.InvariantCulture);
        var completion = new ChatCompletion(
            "chatcmpl-" + answer.RequestId.ToString("N"), "chat.completion", http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds(), answer.ModelUsed,
            [new Choice(0, new ChoiceMessage("assistant", answer.Content ?? ""), "stop")],
            new Usage(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens, new PromptTokensDetails(answer.CachedTokens)));
        return Results.Json(completion, OpenAiCompatible.Json);
    }

    internal static void SetHeaders(HttpContext http, Guid requestId, string model, bool cached)
    {
        http.Response.Headers[RequestHeader] = requestId.ToString();
        http.Response.Headers[ModelHeader] = model;
        http.Response.Headers[CachedHeader] = cached ? "true" : "false";
    }

    private static async IAsyncEnumerable<AiStreamEvent> Replay(AiAnswer answer)
    {
        yield return new AiStreamEvent(answer.Content, null);
        yield return new AiStreamEvent(null, answer);
        await Task.CompletedTask;
    }
}
