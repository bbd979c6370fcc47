using System.Text.Json.Serialization;
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

/// <summary>An admin edits an agent: profile, role, team and permissions. The sign-in account follows (email, name, role).</summary>
internal static class UpdateAgent
{
    public sealed record Command : AgentFields, ICommand<ErrorOr<AgentSnapshot>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => GetAgentProfile.CacheTags;

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid AgentId { get; init; }

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.AgentId).NotEmpty();
            Include(new AgentFieldsRules(time));
        }
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

            var email = command.Email.Trim().ToLowerInvariant();
            if (command.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            {
                return TeamsErrors.UnknownTeam;
            }

            if (await db.Agents.AnyAsync(a => a.Email == email && a.Id != agent.Id, cancellationToken))
            {
                return TeamsErrors.EmailTaken;
            }

            if (agent.Role == AgentRole.TeamLead && command.Role != AgentRole.TeamLead && await LedTeamsAsync(db, agent.Id, cancellationToken) is { } led)
            {
                return TeamsErrors.LeadsTeams(led);
            }

            var account = await accounts.UpdateAsync(agent.Id, email, command.FullName.Trim(), command.Role.SignInRoles());
            if (account.IsError)
            {
                return account.Errors;
            }

            command.ApplyTo(agent);
            agent.UpdatedAt = time.GetUtcNow();
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return await db.Snapshots(db.Agents.Where(a => a.Id == agent.Id)).SingleAsync(cancellationToken);
        }
    }

    /// <summary>The names of the teams an agent leads, or null when none.</summary>
    internal static async Task<string?> LedTeamsAsync(TeamsDbContext db, Guid agentId, CancellationToken cancellationToken)
    {
        var names = await db.Teams.Where(t => t.LeadAgentId == agentId).Select(t => t.Name).ToListAsync(cancellationToken);
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapPut("/agents/{id:guid}", async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { AgentId = id }, ct)).ToOk())
            .WithName("UpdateAgent")
            .WithSummary("Edits an agent (admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
