using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>
/// An admin deactivates an agent who left (or reactivates one who returned). A deactivated agent cannot sign in,
/// their open sessions end within a minute and their API keys stop working; their history stays.
/// </summary>
internal static class SetAgentActive
{
    public sealed record Command(Guid AgentId, bool Active) : ICommand<ErrorOr<AgentSnapshot>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => GetAgentProfile.CacheTags;

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.AgentId).NotEmpty();
    }

    internal sealed class Handler(TeamsDbContext db, UserAccounts accounts, UnitOfWork unitOfWork, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<AgentSnapshot>>
    {
        public async ValueTask<ErrorOr<AgentSnapshot>> Handle(Command command, CancellationToken cancellationToken)
        {
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == command.AgentId, cancellationToken);
            if (agent is null)
            {
                return TeamsErrors.AgentNotFound(command.AgentId);
            }

            if (!command.Active && await UpdateAgent.LedTeamsAsync(db, agent.Id, cancellationToken) is { } led)
            {
                return TeamsErrors.LeadsTeams(led);
            }

            var account = await accounts.SetActiveAsync(agent.Id, command.Active);
            if (account.IsError)
            {
                return account.Errors;
            }

            agent.IsActive = command.Active;
            agent.UpdatedAt = time.GetUtcNow();
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return await db.Snapshots(db.Agents.Where(a => a.Id == agent.Id)).SingleAsync(cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder teams)
    {
        teams.MapPost("/agents/{id:guid}/deactivate", async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id, Active: false), ct)).ToOk())
            .WithName("DeactivateAgent")
            .WithSummary("Deactivates an agent: no sign-in, no API access (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        teams.MapPost("/agents/{id:guid}/reactivate", async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id, Active: true), ct)).ToOk())
            .WithName("ReactivateAgent")
            .WithSummary("Reactivates an agent (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
