using FluentValidation;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>What an admin sets about an agent: the body of adding and of editing one.</summary>
internal abstract record AgentFields
{
    public string FullName { get; init; } = "";

    public string Email { get; init; } = "";

    public AgentRole Role { get; init; }

    /// <summary>The agent's home team; empty for none.</summary>
    public Guid? TeamId { get; init; }

    /// <summary>1 (new) to 5 (fully trained).</summary>
    public int TrainingLevel { get; init; } = 1;

    public DateOnly ExperienceStartDate { get; init; }

    public IReadOnlyList<string>? Certifications { get; init; }

    /// <summary>Lines of business, such as life or commercial_lines.</summary>
    public IReadOnlyList<string>? Specialties { get; init; }

    /// <summary>Only team leads may force-assign clients.</summary>
    public bool CanForceAssign { get; init; }

    public bool CanReceiveHandoffs { get; init; } = true;

    public int MaxConcurrentClients { get; init; } = 50;
}

internal sealed class AgentFieldsRules : AbstractValidator<AgentFields>
{
    public AgentFieldsRules(TimeProvider time)
    {
        RuleFor(a => a.FullName).NotEmpty().Length(2, 200);
        RuleFor(a => a.Email).NotEmpty().MaximumLength(256).EmailAddress()
            .WithMessage("Enter a valid email address, such as name@agency.com.");
        RuleFor(a => a.Role).IsInEnum().WithMessage("Choose TeamLead, Specialist or JuniorAgent.");
        RuleFor(a => a.TeamId).NotEqual(Guid.Empty).WithMessage("Choose a team, or leave it empty.");
        RuleFor(a => a.TrainingLevel).InclusiveBetween(1, 5);
        RuleFor(a => a.ExperienceStartDate)
            .Must(date => date >= new DateOnly(1950, 1, 1) && date <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            .WithMessage("Enter a start date between 1950 and today.");
        RuleFor(a => a.Certifications).Must(c => c is null || c.Count <= 20).WithMessage("Record at most 20 certifications.");
        RuleForEach(a => a.Certifications).NotEmpty().MaximumLength(100);
        RuleForEach(a => a.Specialties).Must(LinesOfBusiness.All.Contains)
            .WithMessage((_, line) => $"'{line}' is not a line of business; use one of: {string.Join(", ", LinesOfBusiness.All)}.");
        RuleFor(a => a.CanForceAssign).Equal(false).When(a => a.Role != AgentRole.TeamLead)
            .WithMessage("Only team leads may force-assign clients.");
        RuleFor(a => a.MaxConcurrentClients).InclusiveBetween(1, 2000);
    }
}

internal static class AgentFieldsMapping
{
    public static void ApplyTo(this AgentFields fields, Agent agent)
    {
        agent.FullName = fields.FullName.Trim();
        agent.Email = fields.Email.Trim().ToLowerInvariant();
        agent.Role = fields.Role;
        agent.TeamId = fields.TeamId;
        agent.TrainingLevel = fields.TrainingLevel;
        agent.ExperienceStartDate = fields.ExperienceStartDate;
        agent.Certifications = [.. (fields.Certifications ?? []).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        agent.Specialties = [.. (fields.Specialties ?? []).Distinct()];
        agent.CanForceAssign = fields.CanForceAssign;
        agent.CanReceiveHandoffs = fields.CanReceiveHandoffs;
        agent.MaxConcurrentClients = fields.MaxConcurrentClients;
    }

    /// <summary>The sign-in roles that go with an agent role.</summary>
    public static string[] SignInRoles(this AgentRole role) =>
        role == AgentRole.TeamLead ? [Platform.Identity.AppRoles.Agent, Platform.Identity.AppRoles.TeamLead] : [Platform.Identity.AppRoles.Agent];
}
