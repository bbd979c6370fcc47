using System.Globalization;
using ErrorOr;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting;

/// <summary>The AiRouting module's expected failures, each with a stable code.</summary>
internal static class AiRoutingErrors
{
    public static Error BudgetExhausted(string budget, long limitMicros) => Error.Failure(
        "ai.budget-exhausted", $"{Capitalized(budget)} of {Usd(limitMicros)} is spent; no AI request can run until it resets or is raised.");

    public static Error OverBudget(string budget, long estimateMicros, long limitMicros) => Error.Failure(
        "ai.over-budget", $"This request may cost up to {Usd(estimateMicros)}, more than is left of {budget} ({Usd(limitMicros)}).");

    public static Error OverMaxCost(long estimateMicros, decimal maxCost) => Error.Failure(
        "ai.over-max-cost", $"This request may cost up to {Usd(estimateMicros)}, more than its maximum cost of ${maxCost.ToString("0.####", CultureInfo.InvariantCulture)}.");

    public static Error OverContextWindow(string model, int tokens, int window) => Error.Validation(
        "Prompt", $"The prompt and context come to {tokens:N0} tokens with room for the answer; {model} takes at most {window:N0}. Shorten them.");

    public static Error UnknownModel(string model) => Error.Validation(
        "Model", $"No model, tier or 'auto' is called '{model}'. GET /v1/models lists them.");

    public static Error ModelNotRoutable(string model) => Error.Validation(
        "Model", $"{model} cannot be routed to now: it is disabled, has no price in effect, or its provider is not configured.");

    public static Error NoPricedModel(string tier) => Error.Failure(
        "ai.no-priced-model", $"No model of the {tier} tier has a price in effect and a configured provider; an admin must price one.");

    /// <summary>As the Crm module answers: a client the caller cannot see is not told apart from one that does not exist.</summary>
    public static readonly Error ClientNotFound = Error.NotFound("ai.client-not-found", "There is no client with this id that you can see.");

    public static Error ProvidersUnavailable(string tried) => Error.Custom(
        StatusCodes.Status503ServiceUnavailable, "ai.providers-unavailable", $"No provider could answer ({tried}); nothing was charged. Try again shortly.");

    /// <summary>A run that produced no answer; its reason was recorded with it and nothing was charged.</summary>
    public static Error Unanswered(string? reason) => Error.Custom(
        StatusCodes.Status503ServiceUnavailable, "ai.providers-unavailable", reason ?? "No provider could answer; nothing was charged.");

    public static Error RequestNotFound(Guid id) => Error.NotFound("ai.request-not-found", $"No AI request of yours has the id {id}.");

    public static Error ApprovalNotFound(Guid id) => Error.NotFound("ai.approval-not-found", $"No approval waits for you under the id {id}.");

    public static readonly Error ApprovalDecided = Error.Conflict("ai.approval-decided", "This request was already decided or has expired.");

    public static readonly Error NotTheLead = Error.Forbidden("ai.not-the-lead", "Only the agent's team lead (or an admin) decides on this request.");

    public static string Usd(long micros) => Micros.ToUsd(micros).ToString("$0.00####", CultureInfo.InvariantCulture);

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
