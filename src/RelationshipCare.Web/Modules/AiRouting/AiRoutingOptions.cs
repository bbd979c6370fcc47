using FluentValidation;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Modules.AiRouting;

/// <summary>
/// The <c>AiRouting</c> section: the model catalogue with its prices, the model chain of each tier, the approval
/// threshold, default budgets, cache lifetimes and the shadow sample. Admins' edits in the back office override the
/// catalogue and the chains; everything here is validated when the host starts.
/// </summary>
public sealed class AiRoutingOptions : IAppOptions
{
    public static string Section => "AiRouting";

    /// <summary>Requests estimated above this many dollars wait for the team lead's approval.</summary>
    public decimal ApprovalThresholdUsd { get; set; } = 0.10m;

    /// <summary>How long a parked request waits for a decision before it expires.</summary>
    public int ApprovalExpiryMinutes { get; set; } = 60;

    /// <summary>Requests that state they need reasoning go to the reasoning tier below this complexity (the seed's 5).</summary>
    public int ReasoningComplexityBelow { get; set; } = 5;

    /// <summary>
    /// The models that can be routed to, besides the built-in <c>local</c> one: <c>Name</c>, <c>Provider</c>,
    /// <c>ContextWindow</c>, <c>MaxOutputTokens</c> and <c>Prices</c> (each with <c>EffectiveFrom</c>,
    /// <c>InputPerMillion</c>, <c>OutputPerMillion</c>, <c>CachedInputPerMillion</c>). A model without a price is refused.
    /// </summary>
    /// <value>The OpenAI and Anthropic models of <c>appsettings.json</c> at their list prices.</value>
    public List<AiModelOptions> Models { get; set; } = [];

    /// <summary>
    /// Each tier's chain of model names (<c>simple-lookup</c>, <c>reasoning</c>, <c>compliance</c>, <c>complex</c>): the
    /// first answers, the next ones take over when a provider is unavailable. Models whose provider is not configured
    /// are skipped; when none is configured, the local model answers.
    /// </summary>
    /// <value>The seed's four tiers mapped to current models in <c>appsettings.json</c>; <c>local</c> for a tier left out.</value>
    public Dictionary<string, List<string>> Tiers { get; set; } = [];

    public AiBudgetOptions Budgets { get; set; } = new();

    /// <summary>How long an answer stays cached, per request type, in minutes (0: never cached).</summary>
    /// <value>60 minutes for a type left out; <c>appsettings.json</c> sets each type.</value>
    public Dictionary<string, int> CacheMinutes { get; set; } = [];

    /// <summary>The most output tokens a request of each type may produce unless it asks for fewer; estimates count them all.</summary>
    /// <value>1,024 tokens for a type left out; <c>appsettings.json</c> sets each type.</value>
    public Dictionary<string, int> OutputTokens { get; set; } = [];

    public AiShadowOptions Shadow { get; set; } = new();

    internal sealed class Validator : AbstractValidator<AiRoutingOptions>
    {
        public Validator()
        {
            RuleFor(o => o.ApprovalThresholdUsd).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars (for example 0.10).");
            RuleFor(o => o.ApprovalExpiryMinutes).InclusiveBetween(1, 7 * 24 * 60).WithMessage("must be between 1 and 10080 minutes.");
            RuleFor(o => o.ReasoningComplexityBelow).InclusiveBetween(1, 11).WithMessage("must be between 1 and 11.");
            RuleForEach(o => o.Models).SetValidator(new AiModelOptions.Validator());
            RuleFor(o => o.Models)
                .Must(models => models.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == models.Count)
                .WithMessage("names a model twice.");
            RuleForEach(o => o.Tiers).Must(tier => AiRequestTypes.All.Contains(tier.Key))
                .WithMessage(tier => $"has an unknown tier; tiers are {string.Join(", ", AiRequestTypes.All)}.");
            RuleForEach(o => o.Tiers).Must((options, tier) => tier.Value.Count > 0 && tier.Value.All(name => options.IsPriced(name)))
                .WithMessage((options, tier) => $"{tier.Key} names a model that is not in AiRouting:Models with a price ({string.Join(", ", tier.Value.Where(n => !options.IsPriced(n)))}); a model without a price cannot be routed to.");
            RuleForEach(o => o.CacheMinutes).Must(entry => AiRequestTypes.All.Contains(entry.Key) && entry.Value >= 0)
                .WithMessage("must map a request type to 0 or more minutes.");
            RuleForEach(o => o.OutputTokens).Must(entry => AiRequestTypes.All.Contains(entry.Key) && entry.Value > 0)
                .WithMessage("must map a request type to a positive number of tokens.");
            RuleFor(o => o.Budgets).SetValidator(new AiBudgetOptions.Validator());
            RuleFor(o => o.Shadow).SetValidator(new AiShadowOptions.Validator());
            RuleFor(o => o.Shadow.CandidateModel).Must((options, name) => name is null || options.IsPriced(name))
                .WithMessage("must be a model of AiRouting:Models with a price.");
        }
    }

    private bool IsPriced(string name) =>
        name == LocalModel.Name || Models.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase) && m.Prices.Count > 0);
}

/// <summary>A model of the catalogue, at a provider, with its limits and its list prices.</summary>
public sealed class AiModelOptions
{
    public string Name { get; set; } = "";

    /// <summary>The provider's name as <c>AiProviders</c> configures it (such as <c>openai</c> or <c>anthropic</c>).</summary>
    public string Provider { get; set; } = "";

    public int ContextWindow { get; set; }

    public int MaxOutputTokens { get; set; }

    /// <summary>List prices, each from its effective date; the latest one in effect is charged.</summary>
    public List<AiPriceOptions> Prices { get; set; } = [];

    internal sealed class Validator : AbstractValidator<AiModelOptions>
    {
        public Validator()
        {
            RuleFor(m => m.Name).NotEmpty().WithMessage("must name the model as its provider does (for example gpt-4.1-mini).");
            RuleFor(m => m.Provider).NotEmpty().WithMessage("must name the provider (for example openai).");
            RuleFor(m => m.ContextWindow).GreaterThan(0).WithMessage("must be the model's context window in tokens.");
            RuleFor(m => m.MaxOutputTokens).GreaterThan(0).WithMessage("must be the model's largest output in tokens.");
            RuleFor(m => m.Prices).NotEmpty().WithMessage(m => $"of {m.Name} are missing: a model without a price cannot be routed to (it would be billed at $0).");
            RuleForEach(m => m.Prices).ChildRules(price =>
            {
                price.RuleFor(p => p.InputPerMillion).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars per million tokens.");
                price.RuleFor(p => p.OutputPerMillion).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars per million tokens.");
                price.RuleFor(p => p.CachedInputPerMillion).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars per million tokens.");
                price.RuleFor(p => p.EffectiveFrom).NotEqual(default(DateOnly)).WithMessage("must be the date the price applies from (yyyy-mm-dd).");
            });
        }
    }
}

/// <summary>Dollars per million tokens, from a date.</summary>
public sealed class AiPriceOptions
{
    public DateOnly EffectiveFrom { get; set; }

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>Input the provider served from its prompt cache; the input price when the provider has no discount.</summary>
    public decimal CachedInputPerMillion { get; set; }
}

/// <summary>Spending limits in dollars for agents and teams without a limit of their own.</summary>
public sealed class AiBudgetOptions
{
    /// <summary>What one agent may spend on AI in a day (UTC), in dollars.</summary>
    public decimal AgentDailyUsd { get; set; } = 5m;

    /// <summary>What one agent may spend on AI in a calendar month, in dollars.</summary>
    public decimal AgentMonthlyUsd { get; set; } = 50m;

    /// <summary>What one team's agents together may spend on AI in a day (UTC), in dollars.</summary>
    public decimal TeamDailyUsd { get; set; } = 50m;

    /// <summary>What one team's agents together may spend on AI in a calendar month, in dollars.</summary>
    public decimal TeamMonthlyUsd { get; set; } = 500m;

    /// <summary>
    /// With Redis: at most this much budget, in dollars, an instance takes ahead in one round trip, so that the requests
    /// after it reserve in process (never more than an eighth of what a budget has left; see docs/ai-routing.md,
    /// Budgets). 0 reserves every request in Redis.
    /// </summary>
    public decimal AllowanceUsd { get; set; } = 0.05m;

    /// <summary>How long an allowance is drawn from before what is left of it goes back to the budgets, in seconds (0.1 to 60).</summary>
    public double AllowanceSeconds { get; set; } = 2;

    internal sealed class Validator : AbstractValidator<AiBudgetOptions>
    {
        public Validator()
        {
            RuleFor(b => b.AgentDailyUsd).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars.");
            RuleFor(b => b.AgentMonthlyUsd).GreaterThanOrEqualTo(b => b.AgentDailyUsd).WithMessage("must be at least AgentDailyUsd.");
            RuleFor(b => b.TeamDailyUsd).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars.");
            RuleFor(b => b.TeamMonthlyUsd).GreaterThanOrEqualTo(b => b.TeamDailyUsd).WithMessage("must be at least TeamDailyUsd.");
            RuleFor(b => b.AllowanceUsd).InclusiveBetween(0, 10).WithMessage("must be between 0 and 10 dollars.");
            RuleFor(b => b.AllowanceSeconds).InclusiveBetween(0.1, 60).WithMessage("must be between 0.1 and 60 seconds.");
        }
    }
}

/// <summary>A candidate model run beside the chosen one on a sample of requests, off the agent's path and under its own budget.</summary>
public sealed class AiShadowOptions
{
    /// <summary>The candidate; none means no shadow runs.</summary>
    public string? CandidateModel { get; set; }

    /// <summary>The share of live requests also sent to the candidate, 0 to 1.</summary>
    public double SampleRate { get; set; }

    /// <summary>What shadow runs may spend in a day, in dollars, apart from every agent's and team's budget.</summary>
    public decimal DailyBudgetUsd { get; set; } = 1m;

    internal sealed class Validator : AbstractValidator<AiShadowOptions>
    {
        public Validator()
        {
            RuleFor(s => s.SampleRate).InclusiveBetween(0, 1).WithMessage("must be between 0 and 1.");
            RuleFor(s => s.DailyBudgetUsd).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more dollars.");
        }
    }
}
