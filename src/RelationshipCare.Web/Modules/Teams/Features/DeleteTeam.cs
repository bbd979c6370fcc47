using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>An admin removes a team that no agent belongs to any more.</summary>
internal static class DeleteTeam
{
    public sealed record Command(Guid TeamId) : ICommand<ErrorOr<Success>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => GetAgentProfile.CacheTags;

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.TeamId).NotEmpty();
    }

    internal sealed class Handler(TeamsDbContext db) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == command.TeamId, cancellationToken);
            if (team is null)
            {
                return TeamsErrors.TeamNotFound(command.TeamId);
            }

            // Deactivated members count too: their history still names the team.
            var members = await db.Agents.CountAsync(a => a.TeamId == team.Id, cancellationToken);
            if (members > 0)
            {
                return TeamsErrors.TeamHasMembers(members);
            }

            db.Teams.Remove(team);
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id), ct)).ToNoContent())
            .WithName("DeleteTeam")
            .WithSummary("Deletes a team without members (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
