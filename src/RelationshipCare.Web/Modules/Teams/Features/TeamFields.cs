using ErrorOr;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>What an admin sets about a team: the body of creating and of editing one.</summary>
internal abstract record TeamFields
{
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>An active agent with the team lead role; empty for a team without a lead.</summary>
    public Guid? LeadAgentId { get; init; }
}

internal sealed class TeamFieldsRules : AbstractValidator<TeamFields>
{
    public TeamFieldsRules()
    {
        RuleFor(t => t.Name).NotEmpty().Length(2, 100);
        RuleFor(t => t.Description).MaximumLength(500);
        RuleFor(t => t.LeadAgentId).NotEqual(Guid.Empty).WithMessage("Choose a lead, or leave it empty.");
    }
}

internal static class TeamFieldsMapping
{
    /// <summary>Checks what the validator cannot (a unique name, a lead who can lead) and applies the fields.</summary>
    public static async Task<ErrorOr<Success>> ApplyToAsync(this TeamFields fields, Team team, TeamsDbContext db, CancellationToken cancellationToken)
    {
        var name = fields.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != team.Id, cancellationToken))
        {
            return TeamsErrors.TeamNameTaken;
        }

        Agent? lead = null;
        if (fields.LeadAgentId is { } leadId)
        {
            lead = await db.Agents.SingleOrDefaultAsync(a => a.Id == leadId, cancellationToken);
            if (lead is not { IsActive: true, Role: AgentRole.TeamLead })
            {
                return TeamsErrors.LeadMustBeTeamLead;
            }
        }

        team.Name = name;
        team.Description = string.IsNullOrWhiteSpace(fields.Description) ? null : fields.Description.Trim();
        team.LeadAgentId = fields.LeadAgentId;
        // A lead without a home team joins the team they lead.
        if (lead is { TeamId: null })
        {
            lead.TeamId = team.Id;
        }

        return Result.Success;
    }
}
