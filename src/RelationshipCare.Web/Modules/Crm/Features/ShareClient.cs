using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Shares a client with another agent, who then sees and may edit them as the owner does. Only the owner, the
/// owner's team lead or an admin may share; sharing twice with the same agent changes nothing.
/// </summary>
internal static class ShareClient
{
    public sealed record Command(Guid AgentId) : ICommand<ErrorOr<Success>>, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ClientId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.AgentId).NotEmpty().WithMessage("Choose the agent to share the client with.");
        }
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility, ISender sender, TimeProvider time) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var owner = await ManagedOwnerAsync(visibility, command.ClientId, cancellationToken);
            if (owner.IsError)
            {
                return owner.Errors;
            }

            if (owner.Value == command.AgentId)
            {
                return CrmErrors.ShareWithOwner;
            }

            if ((await sender.Send(new GetAgent(command.AgentId), cancellationToken)) is { IsError: true } or { Value.IsActive: false })
            {
                return CrmErrors.UnknownAgent;
            }

            if (!await db.Shares.AnyAsync(s => s.ClientId == command.ClientId && s.AgentId == command.AgentId, cancellationToken))
            {
                db.Shares.Add(new ClientShare { ClientId = command.ClientId, AgentId = command.AgentId, SharedAt = time.GetUtcNow() });
            }

            return Result.Success;
        }
    }

    /// <summary>
    /// The owner of a client the caller sees and may share (or unshare): not found when they do not see it, forbidden
    /// when they see it only because it is shared with them.
    /// </summary>
    internal static async Task<ErrorOr<Guid>> ManagedOwnerAsync(ClientVisibility visibility, Guid clientId, CancellationToken cancellationToken)
    {
        var viewer = await visibility.OfCurrentAsync(cancellationToken);
        var owner = await visibility.Visible(viewer).Where(c => c.Id == clientId).Select(c => (Guid?)c.OwnerAgentId).SingleOrDefaultAsync(cancellationToken);
        if (owner is not { } ownerId)
        {
            return CrmErrors.ClientNotFound(clientId);
        }

        return viewer.Manages(ownerId) ? ownerId : CrmErrors.SharingNotAllowed;
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/clients/{id:guid}/shares", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ClientId = id }, ct)).ToNoContent())
            .WithName("ShareClient")
            .WithSummary("Shares a client with another agent (owner, their team lead or admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
