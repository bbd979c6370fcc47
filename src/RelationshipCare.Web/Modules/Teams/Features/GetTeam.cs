using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>One team with its members, lead first.</summary>
internal static class GetTeam
{
    public sealed record Query(Guid TeamId) : IQuery<ErrorOr<TeamDetails>>;

    public sealed record TeamDetails(ListTeams.TeamSummary Team, IReadOnlyList<AgentSnapshot> Members);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.TeamId).NotEmpty();
    }

    internal sealed class Handler(TeamsDbContext db, ISender sender) : IQueryHandler<Query, ErrorOr<TeamDetails>>
    {
        public async ValueTask<ErrorOr<TeamDetails>> Handle(Query query, CancellationToken cancellationToken)
        {
            var team = await ListTeams.Summaries(db, db.Teams.Where(t => t.Id == query.TeamId)).SingleOrDefaultAsync(cancellationToken);
            if (team is null)
            {
                return TeamsErrors.TeamNotFound(query.TeamId);
            }

            var members = await sender.Send(new ListTeamMembers(query.TeamId), cancellationToken);
            return members.IsError ? members.Errors : new TeamDetails(team, members.Value);
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapGet("/{id:guid}", async Task<Results<Ok<TeamDetails>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(id), ct)).ToOk())
            .WithName("GetTeam")
            .WithSummary("One team with its members.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
