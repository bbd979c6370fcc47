using ErrorOr;
using Mediator;

namespace RelationshipCare.Web.Modules.AiRouting.Contracts;

/// <summary>The kinds of AI request, which are also the routing tiers (the seed's four).</summary>
public static class AiRequestTypes
{
    /// <summary>A quick factual answer: the cheapest model.</summary>
    public const string SimpleLookup = "simple-lookup";

    /// <summary>Thinking through a question; below the complexity threshold a small model, above it the strongest.</summary>
    public const string Reasoning = "reasoning";

    /// <summary>Anything a regulator may read: a strong, careful model.</summary>
    public const string Compliance = "compliance";

    /// <summary>Everything else: the strongest model.</summary>
    public const string Complex = "complex";

    public static IReadOnlyList<string> All { get; } = [SimpleLookup, Reasoning, Compliance, Complex];
}

/// <summary>
/// Forgets every cached AI answer about a client, on every instance (sent when the client's data is erased).
/// </summary>
public sealed record PurgeClientAiAnswers(Guid ClientId) : ICommand<ErrorOr<Success>>;

/// <summary>
/// A candidate model answered the same request as the live model, off the agent's path, for comparison. Published
/// for the experiments that judge candidates; neither answer is shown to anyone by this notification.
/// </summary>
/// <param name="RequestId">The live request the shadow run copied.</param>
/// <param name="Live">What the live model answered.</param>
/// <param name="Candidate">What the candidate answered, or its failure.</param>
public sealed record AiShadowCompared(Guid RequestId, string RequestType, AiShadowResult Live, AiShadowResult Candidate) : INotification;

/// <summary>One side of a shadow comparison.</summary>
/// <param name="Content">The answer; null when the model failed.</param>
/// <param name="CostUsd">What the run cost at the model's list price.</param>
public sealed record AiShadowResult(string Model, string? Content, decimal CostUsd, int LatencyMs, string? Error);
