using System.Text.Json.Serialization;
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

/// <summary>An admin renames a team, describes it or appoints its lead.</summary>
internal static class UpdateTeam
{
    public sealed record Command : TeamFields, ICommand<ErrorOr<ListTeams.TeamSummary>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => GetAgentProfile.CacheTags;

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid TeamId { get; init; }

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TeamId).NotEmpty();
            Include(new TeamFieldsRules());
        }
    }

    internal sealed class Handler(TeamsDbContext db, UnitOfWork unitOfWork) : ICommandHandler<Command, ErrorOr<ListTeams.TeamSummary>>
    {
        public async ValueTask<ErrorOr<ListTeams.TeamSummary>> Handle(Command command, CancellationToken cancellationToken)
        {
            var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == command.TeamId, cancellationToken);
            if (team is null)
            {
                return TeamsErrors.TeamNotFound(command.TeamId);
            }

            var applied = await command.ApplyToAsync(team, db, cancellationToken);
            if (applied.IsError)
            {
                return applied.Errors;
            }

            await unitOfWork.SaveChangesAsync(cancellationToken);
            return await ListTeams.Summaries(db, db.Teams.Where(t => t.Id == team.Id)).SingleAsync(cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapPut("/{id:guid}", async Task<Results<Ok<ListTeams.TeamSummary>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { TeamId = id }, ct)).ToOk())
            .WithName("UpdateTeam")
            .WithSummary("Edits a team (admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
