using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>The agency's teams with their lead and number of active members.</summary>
internal static class ListTeams
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<TeamSummary>>>;

    public sealed record TeamSummary(Guid Id, string Name, string? Description, Guid? LeadAgentId, string? LeadName, int MemberCount);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(TeamsDbContext db) : IQueryHandler<Query, ErrorOr<IReadOnlyList<TeamSummary>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<TeamSummary>>> Handle(Query query, CancellationToken cancellationToken) =>
            (await Summaries(db, db.Teams).ToListAsync(cancellationToken)).OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The given teams with their lead's name and member count. Filter the teams first.</summary>
    internal static IQueryable<TeamSummary> Summaries(TeamsDbContext db, IQueryable<Team> teams) =>
        from team in teams.AsNoTracking()
        join lead in db.Agents.AsNoTracking() on team.LeadAgentId equals lead.Id into leads
        from lead in leads.DefaultIfEmpty()
        select new TeamSummary(
            team.Id,
            team.Name,
            team.Description,
            team.LeadAgentId,
            lead == null ? null : lead.FullName,
            db.Agents.Count(a => a.TeamId == team.Id && a.IsActive));

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapGet("/", async Task<Results<Ok<IReadOnlyList<TeamSummary>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListTeams")
            .WithSummary("Lists the agency's teams.");
}
