using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>
/// An admin adds an agent: the agent and their sign-in account are created together, with a temporary password
/// that is shown once (the agent changes it under My profile).
/// </summary>
internal static class CreateAgent
{
    public sealed record Command : AgentFields, ICommand<ErrorOr<CreatedAgent>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => GetAgentProfile.CacheTags;

        public static string Policy => AppPolicies.Admin;
    }

    public sealed record CreatedAgent(AgentSnapshot Agent, string TemporaryPassword);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time) => Include(new AgentFieldsRules(time));
    }

    internal sealed class Handler(TeamsDbContext db, UserAccounts accounts, UnitOfWork unitOfWork, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<CreatedAgent>>
    {
        public async ValueTask<ErrorOr<CreatedAgent>> Handle(Command command, CancellationToken cancellationToken)
        {
            var email = command.Email.Trim().ToLowerInvariant();
            if (command.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            {
                return TeamsErrors.UnknownTeam;
            }

            if (await db.Agents.AnyAsync(a => a.Email == email, cancellationToken))
            {
                return TeamsErrors.EmailTaken;
            }

            // The account store saves as it goes, in the command's transaction: account and agent commit together.
            var id = Guid.CreateVersion7();
            var password = HostCommand.GeneratePassword();
            var account = await accounts.CreateAsync(id, email, command.FullName.Trim(), password, command.Role.SignInRoles());
            if (account.IsError)
            {
                return account.Errors;
            }

            var now = time.GetUtcNow();
            var agent = new Agent { Id = id, FullName = "", Email = "", CreatedAt = now, UpdatedAt = now };
            command.ApplyTo(agent);
            db.Agents.Add(agent);
            await unitOfWork.SaveChangesAsync(cancellationToken);
            return new CreatedAgent(await db.Snapshots(db.Agents.Where(a => a.Id == id)).SingleAsync(cancellationToken), password);
        }
    }

    public static void Map(IEndpointRouteBuilder teams) =>
        teams.MapPost("/agents", async Task<Results<Created<CreatedAgent>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(created => $"/api/teams/agents/{created.Agent.Id}"))
            .WithName("CreateAgent")
            .WithSummary("Adds an agent and their sign-in account (admins). The temporary password is returned once.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
