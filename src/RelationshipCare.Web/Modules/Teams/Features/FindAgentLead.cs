using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>Answers <see cref="GetAgentLead"/>: the lead of the agent's home team.</summary>
internal static class FindAgentLead
{
    internal sealed class Validator : AbstractValidator<GetAgentLead>
    {
        public Validator() => RuleFor(q => q.AgentId).NotEmpty();
    }

    internal sealed class Handler(TeamsDbContext db) : IQueryHandler<GetAgentLead, ErrorOr<AgentSnapshot>>
    {
        public async ValueTask<ErrorOr<AgentSnapshot>> Handle(GetAgentLead query, CancellationToken cancellationToken)
        {
            var agent = await db.Agents.AsNoTracking().Where(a => a.Id == query.AgentId).Select(a => new { a.TeamId }).SingleOrDefaultAsync(cancellationToken);
            if (agent is null)
            {
                return TeamsErrors.AgentNotFound(query.AgentId);
            }

            var leadId = await db.Teams.Where(t => t.Id == agent.TeamId).Select(t => t.LeadAgentId).SingleOrDefaultAsync(cancellationToken);
            if (leadId is null || leadId == query.AgentId)
            {
                return TeamsErrors.NoLead;
            }

            var lead = await db.Snapshots(db.Agents.Where(a => a.Id == leadId && a.IsActive)).SingleOrDefaultAsync(cancellationToken);
            return lead is null ? TeamsErrors.NoLead : lead;
        }
    }
}
