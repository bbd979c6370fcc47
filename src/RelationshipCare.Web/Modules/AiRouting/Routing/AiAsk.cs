using RelationshipCare.Web.Modules.AiRouting.Contracts;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>One message of the conversation sent to a model: <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
internal sealed record AiMessage(string Role, string Content);

/// <summary>
/// An AI request as the router sees it, whichever API it came through (the seed's <c>AIRequest</c>, with the client
/// it is about). Serialized as is when the request waits for approval.
/// </summary>
/// <param name="Model">A concrete model, a tier name, <c>auto</c> or null: null and <c>auto</c> let the router decide.</param>
/// <param name="MaxOutputTokens">The most tokens the answer may have; the request type's default when null.</param>
/// <param name="Channel"><c>api</c>, <c>openai</c> or <c>ui</c>.</param>
internal sealed record AiAsk(
    string Type,
    IReadOnlyList<AiMessage> Messages,
    int Complexity,
    bool RequiresReasoning,
    bool RequiresCompliance,
    decimal? MaxCostUsd,
    Guid? ClientId,
    string? Model,
    int? MaxOutputTokens,
    float? Temperature,
    bool BypassCache,
    string Channel)
{
    public const string Auto = "auto";

    /// <summary>
    /// The native API's prompt and context as one user message: the question, then the material it is about (notes,
    /// an email thread), which every model (the local one included) reads as the text to work on.
    /// </summary>
    public static IReadOnlyList<AiMessage> FromPrompt(string prompt, string? context) =>
        [new AiMessage("user", string.IsNullOrWhiteSpace(context) ? prompt : prompt + "\n\n" + context)];

    /// <summary>The last thing the user asked, which the lead sees on the approval.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? Messages.LastOrDefault()?.Content ?? "";
}

/// <summary>Who asks: the agent, and the team whose budget also pays.</summary>
internal sealed record AiCaller(Guid AgentId, Guid? TeamId);

/// <summary>What an AI request produced, as the APIs and pages show it (the seed's <c>AIResponse</c>).</summary>
internal sealed record AiAnswer(
    Guid RequestId,
    string Status,
    string? Content,
    string ModelUsed,
    string Provider,
    string Tier,
    decimal CostUsd,
    decimal EstimatedCostUsd,
    bool Cached,
    int ProcessingTimeMs,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    string? Error);

/// <summary>Money is kept in millionths of a dollar.</summary>
internal static class Micros
{
    public static decimal ToUsd(long micros) => micros / 1_000_000m;

    public static long FromUsd(decimal usd) => (long)Math.Ceiling(usd * 1_000_000m);
}

/// <summary>
/// The seed's four tiers. A compliance requirement is checked first (the seed checked reasoning first, so a simple
/// compliance question went to the small model); then simple lookups, then light reasoning, then the strongest.
/// </summary>
internal static class RequestClassifier
{
    public static string TierFor(AiAsk ask, int reasoningComplexityBelow) =>
        ask.RequiresCompliance || ask.Type == AiRequestTypes.Compliance ? AiRequestTypes.Compliance
        : ask.Type == AiRequestTypes.SimpleLookup ? AiRequestTypes.SimpleLookup
        : (ask.RequiresReasoning || ask.Type == AiRequestTypes.Reasoning) && ask.Complexity < reasoningComplexityBelow ? AiRequestTypes.Reasoning
        : AiRequestTypes.Complex;

    private static readonly string[] ComplianceWords = ["compliance", "regulat", "disclos", "consent", "hipaa", "gdpr", "suitability", "complaint", "legal"];
    private static readonly string[] ReasoningWords = ["why", "explain", "compare", "analy", "recommend", "should", "pros and cons", "evaluate"];

    /// <summary>
    /// What an OpenAI-compatible request sent with <c>model: auto</c> is: compliance words make it a compliance
    /// request, reasoning words a reasoning one (its complexity growing with its length), a short plain question a
    /// simple lookup, anything else complex.
    /// </summary>
    public static (string Type, int Complexity, bool Reasoning, bool Compliance) Classify(string text, int tokens)
    {
        var lower = text.ToLowerInvariant();
        var complexity = Math.Clamp(1 + (tokens / 400), 1, 10);
        if (ComplianceWords.Any(lower.Contains))
        {
            return (AiRequestTypes.Compliance, complexity, false, true);
        }

        if (ReasoningWords.Any(lower.Contains))
        {
            return (AiRequestTypes.Reasoning, complexity, true, false);
        }

        return tokens <= 200 ? (AiRequestTypes.SimpleLookup, 1, false, false) : (AiRequestTypes.Complex, complexity, false, false);
    }
}
