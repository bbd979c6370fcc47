namespace RelationshipCare.Web.Modules.AiRouting.Data;

/// <summary>Where an AI request stands. Terminal: completed, failed, denied, expired, cancelled.</summary>
internal enum AiRequestStatus
{
    /// <summary>Parked until the agent's team lead decides.</summary>
    AwaitingApproval,

    /// <summary>Approved and queued to run in the background.</summary>
    Approved,
    Completed,
    Failed,
    Denied,
    Expired,

    /// <summary>The caller stopped reading a streamed answer; charged for what the provider produced.</summary>
    Cancelled,
}

/// <summary>
/// One AI request, from the seed's <c>ai_requests</c> table: tokens, estimate and actual cost (in millionths of a
/// dollar, so sums and comparisons stay exact on every database), model, latency, status and the answer.
/// </summary>
internal sealed class AiRequestRecord
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    public Guid? TeamId { get; set; }

    public Guid? ClientId { get; set; }

    public required string RequestType { get; set; }

    public required string Tier { get; set; }

    public required string Model { get; set; }

    public required string Provider { get; set; }

    /// <summary>Where it came from: <c>api</c>, <c>openai</c> or <c>ui</c>.</summary>
    public required string Channel { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    public int CachedTokens { get; set; }

    public long EstimatedCostMicros { get; set; }

    public long CostMicros { get; set; }

    public int ProcessingTimeMs { get; set; }

    public bool Cached { get; set; }

    public AiRequestStatus Status { get; set; }

    public string? Error { get; set; }

    public string? Answer { get; set; }

    /// <summary>The prepared request (messages and parameters) of a parked request, run when approved; cleared afterwards.</summary>
    public string? Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

internal enum BudgetScope
{
    Agent,
    Team,
}

/// <summary>An admin-set spending limit for one agent or one team; without one, the configured defaults apply.</summary>
internal sealed class AiBudget
{
    public BudgetScope Scope { get; set; }

    public Guid ScopeId { get; set; }

    public long DailyLimitMicros { get; set; }

    public long MonthlyLimitMicros { get; set; }
}

/// <summary>
/// The estimate held against the budget counters while a request runs, released when it settles: the durable truth
/// the counters (in Redis or in process) are rebuilt from.
/// </summary>
internal sealed class BudgetReservation
{
    public Guid RequestId { get; set; }

    /// <summary>The counter keys the amount is held on.</summary>
    public List<string> CounterKeys { get; set; } = [];

    public long AmountMicros { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    public long? SettledMicros { get; set; }
}

internal enum ApprovalStatus
{
    Pending,
    Approved,
    Denied,
    Expired,
}

/// <summary>A lead's decision on an expensive request (the request itself is its <see cref="AiRequestRecord"/>).</summary>
internal sealed class AiApproval
{
    public Guid RequestId { get; set; }

    public Guid AgentId { get; set; }

    public Guid? TeamId { get; set; }

    /// <summary>The agent's team lead; null when the agent has none (then admins decide).</summary>
    public Guid? LeadId { get; set; }

    public long EstimatedCostMicros { get; set; }

    public required string Model { get; set; }

    /// <summary>The first words of the prompt, so the lead knows what is asked.</summary>
    public required string PromptPreview { get; set; }

    public ApprovalStatus Status { get; set; }

    public string? Reason { get; set; }

    public Guid? DecidedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>An admin's edit of a model in the catalogue: added, re-priced or disabled. Overrides the configuration.</summary>
internal sealed class AiModelEntry
{
    public required string Name { get; set; }

    public required string Provider { get; set; }

    public int ContextWindow { get; set; }

    public int MaxOutputTokens { get; set; }

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal CachedInputPerMillion { get; set; }

    public DateOnly PriceEffectiveFrom { get; set; }

    public bool Enabled { get; set; } = true;
}

/// <summary>An admin's model chain for a tier (first the model, then its fallbacks). Overrides the configuration.</summary>
internal sealed class AiRoutingRule
{
    public required string Tier { get; set; }

    public List<string> Models { get; set; } = [];
}
