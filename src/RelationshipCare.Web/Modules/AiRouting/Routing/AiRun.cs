namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>A model of a run's chain with the price it is billed at and the output it may produce.</summary>
internal sealed record RouteModel(CatalogueModel Model, ModelPrice Price, int MaxOutputTokens);

/// <summary>A request that passed every check and holds its reservation: ready to run through its model chain.</summary>
/// <param name="BudgetKeys">The budget counters the reservation is held on.</param>
/// <param name="Resumed">It waited for approval, so its record exists and the agent is told when it is done.</param>
internal sealed record AiRun(
    Guid RequestId,
    AiAsk Ask,
    AiCaller Caller,
    string Tier,
    IReadOnlyList<RouteModel> Chain,
    int PromptTokens,
    long EstimateMicros,
    long ReservedMicros,
    IReadOnlyList<string> BudgetKeys,
    string CacheKey,
    TimeSpan CacheLifetime,
    DateTimeOffset CreatedAt,
    bool Resumed);

/// <summary>What the router decided for a request.</summary>
internal abstract record AiPlan
{
    /// <summary>Answered from the cache: free, no approval, already recorded.</summary>
    public sealed record Cached(AiAnswer Answer) : AiPlan;

    /// <summary>Parked for the lead's approval.</summary>
    public sealed record Parked(Guid RequestId, string Model, long EstimateMicros, bool LeadNotified) : AiPlan;

    /// <summary>Reserved and ready to run.</summary>
    public sealed record Ready(AiRun Run) : AiPlan;
}

/// <summary>What a run ended with, as the provider reported it (or as counted when it reported nothing).</summary>
internal sealed record RunResult(RouteModel? Model, string Content, int InputTokens, int CachedInputTokens, int OutputTokens, int LatencyMs, string? Error)
{
    public long CostMicros => Model?.Price.CostMicros(InputTokens, CachedInputTokens, OutputTokens) ?? 0;
}

/// <summary>A piece of a streamed answer: text as it arrives, then the final account.</summary>
internal sealed record AiStreamEvent(string? Text, AiAnswer? Final);

internal static class AiRequestView
{
    /// <summary>A status as the APIs spell it: <c>awaiting_approval</c>, <c>completed</c>…</summary>
    public static string StatusName(Data.AiRequestStatus status) => status switch
    {
        Data.AiRequestStatus.AwaitingApproval => "awaiting_approval",
        _ => status.ToString().ToLowerInvariant(),
    };
}
