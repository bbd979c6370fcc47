using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>An admin creates a team, optionally with its lead.</summary>
internal static class CreateTeam
{
    public sealed record Command : TeamFields, ICommand<ErrorOr<ListTeams.TeamSummary>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new TeamFieldsRules());
    }

    internal sealed class Handler(TeamsDbContext db, TimeProvider time, UnitOfWork unitOfWork) : ICommandHandler<Command, ErrorOr<ListTeams.TeamSummary>>
    {
        public async ValueTask<ErrorOr<ListTeams.TeamSummary>> Handle(Command command, CancellationToken cancellationToken)
        {
            var team = new Team { Id = Guid.CreateVersion7(), Name = "", CreatedAt = time.GetUtcNow() };
            var applied = await command.ApplyToAsync(team, db, cancellationToken);
            if (applied.IsError)
            {
                return applied.Errors;
            }

            db.Teams.Add(team);
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return await ListTeams.Summaries(db, db.Teams.Where(t => t.Id == team.Id)).SingleAsync(cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapPost("/", async Task<Results<Created<ListTeams.TeamSummary>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(team => $"/api/teams/{team.Id}"))
            .WithName("CreateTeam")
            .WithSummary("Creates a team (admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
