using FluentValidation;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>A question for the AI as the native API and the assistant page send it (the seed's <c>AIRequest</c>).</summary>
internal abstract record AiQuestion
{
    /// <summary><c>simple-lookup</c>, <c>reasoning</c>, <c>compliance</c> or <c>complex</c>.</summary>
    public string Type { get; init; } = "";

    public string Prompt { get; init; } = "";

    /// <summary>Background the model should use (a note, an email thread).</summary>
    public string? Context { get; init; }

    public bool RequiresReasoning { get; init; }

    public bool RequiresCompliance { get; init; }

    /// <summary>1 (trivial) to 10 (hardest).</summary>
    public int Complexity { get; init; } = 1;

    /// <summary>The most, in dollars, this request may cost; refused before any provider is called when the estimate is higher.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>The client the question is about: the agent must be able to see them, and the answer is cached for them only.</summary>
    public Guid? ClientId { get; init; }

    /// <summary>A concrete model, a tier, or <c>auto</c> (the default): the router decides.</summary>
    public string? Model { get; init; }

    public int? MaxOutputTokens { get; init; }

    /// <summary>Skip the cache and ask the model afresh.</summary>
    public bool BypassCache { get; init; }

    public AiAsk ToAsk(string channel) => new(Type, AiAsk.FromPrompt(Prompt, Context), Complexity, RequiresReasoning, RequiresCompliance,
        MaxCost, ClientId, Model, MaxOutputTokens, Temperature: null, BypassCache, channel);
}

internal sealed class AiQuestionRules : AbstractValidator<AiQuestion>
{
    public const int MaxPromptCharacters = 400_000;

    public AiQuestionRules()
    {
        RuleFor(c => c.Type).Must(type => AiRequestTypes.All.Contains(type))
            .WithMessage($"Must be one of: {string.Join(", ", AiRequestTypes.All)}.");
        RuleFor(c => c.Prompt).NotEmpty().WithMessage("Ask something: the prompt is empty.")
            .Must(p => p.Trim().Length > 0).WithMessage("Ask something: the prompt is blank.")
            .MaximumLength(MaxPromptCharacters);
        RuleFor(c => c.Context).MaximumLength(MaxPromptCharacters);
        RuleFor(c => c.Complexity).InclusiveBetween(1, 10).WithMessage("Must be from 1 (trivial) to 10 (hardest).");
        RuleFor(c => c.MaxCost).GreaterThan(0).When(c => c.MaxCost is not null).WithMessage("Must be more than $0 when given.");
        RuleFor(c => c.ClientId).NotEqual(Guid.Empty).When(c => c.ClientId is not null).WithMessage("Must be a client's id when given.");
        RuleFor(c => c.MaxOutputTokens).InclusiveBetween(1, 200_000).When(c => c.MaxOutputTokens is not null);
        RuleFor(c => c.Model).MaximumLength(100);
    }
}
