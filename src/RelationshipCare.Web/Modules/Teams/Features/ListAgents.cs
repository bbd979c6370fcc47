using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>
/// The agency's directory of agents, which every agent may read (to find a colleague or a specialist).
/// Deactivated agents are listed only for admins who ask for them.
/// </summary>
internal static class ListAgents
{
    /// <param name="Search">Part of a name or email.</param>
    /// <param name="Specialty">A line of business the agent specialises in.</param>
    public sealed record Query(string? Search = null, AgentRole? Role = null, Guid? TeamId = null, string? Specialty = null, bool IncludeInactive = false)
        : IQuery<ErrorOr<IReadOnlyList<AgentSnapshot>>>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Search).MaximumLength(100);
            RuleFor(q => q.Role).IsInEnum();
            RuleFor(q => q.Specialty).Must(s => s is null || LinesOfBusiness.All.Contains(s))
                .WithMessage($"Use one of: {string.Join(", ", LinesOfBusiness.All)}.");
        }
    }

    internal sealed class ListTeamMembersValidator : AbstractValidator<ListTeamMembers>
    {
        public ListTeamMembersValidator() => RuleFor(q => q.TeamId).NotEmpty();
    }

    internal sealed class ListActiveAgentsValidator : AbstractValidator<ListActiveAgents>;

    /// <summary>Answers the directory and, for other modules, a team's members or every active agent: the same query, filtered.</summary>
    internal sealed class Handler(TeamsDbContext db, ICurrentAgent agent)
        : IQueryHandler<Query, ErrorOr<IReadOnlyList<AgentSnapshot>>>,
          IQueryHandler<ListTeamMembers, ErrorOr<IReadOnlyList<AgentSnapshot>>>,
          IQueryHandler<ListActiveAgents, ErrorOr<IReadOnlyList<AgentSnapshot>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<AgentSnapshot>>> Handle(ListActiveAgents query, CancellationToken cancellationToken) =>
            await ListAsync(new Query(), cancellationToken);

        public async ValueTask<ErrorOr<IReadOnlyList<AgentSnapshot>>> Handle(Query query, CancellationToken cancellationToken) =>
            await ListAsync(query with { IncludeInactive = query.IncludeInactive && agent.IsAdmin }, cancellationToken);

        public async ValueTask<ErrorOr<IReadOnlyList<AgentSnapshot>>> Handle(ListTeamMembers query, CancellationToken cancellationToken)
        {
            var lead = await db.Teams.Where(t => t.Id == query.TeamId).Select(t => new { t.LeadAgentId }).SingleOrDefaultAsync(cancellationToken);
            if (lead is null)
            {
                return TeamsErrors.TeamNotFound(query.TeamId);
            }

            var members = await ListAsync(new Query(TeamId: query.TeamId, IncludeInactive: query.IncludeInactive), cancellationToken);
            return members.OrderByDescending(m => m.Id == lead.LeadAgentId).ToList();
        }

        private async Task<List<AgentSnapshot>> ListAsync(Query query, CancellationToken cancellationToken)
        {
            IQueryable<Agent> agents = db.Agents;
            if (!query.IncludeInactive)
            {
                agents = agents.Where(a => a.IsActive);
            }

            if (query.Role is { } role)
            {
                agents = agents.Where(a => a.Role == role);
            }

            if (query.TeamId is { } teamId)
            {
                agents = agents.Where(a => a.TeamId == teamId);
            }

            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var pattern = $"%{query.Search.Trim().ToLowerInvariant()}%";
                agents = agents.Where(a => EF.Functions.Like(a.FullName.ToLower(), pattern) || EF.Functions.Like(a.Email, pattern));
            }

            // Specialties are a list column (an array or JSON by provider), filtered here with the ordering:
            // a directory holds hundreds of agents, not millions.
            var list = await db.Snapshots(agents).ToListAsync(cancellationToken);
            return [.. list
                .Where(a => query.Specialty is null || a.Permissions.Specialties.Contains(query.Specialty))
                .OrderBy(a => a.FullName, StringComparer.CurrentCultureIgnoreCase)];
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapGet("/agents", async Task<Results<Ok<IReadOnlyList<AgentSnapshot>>, ProblemHttpResult>> (
                    [AsParameters] Query query, ISender sender, CancellationToken ct) =>
                (await sender.Send(query, ct)).ToOk())
            .WithName("ListAgents")
            .WithSummary("Lists the agency's agents, optionally filtered.")
            .ProducesValidationProblem();
}
