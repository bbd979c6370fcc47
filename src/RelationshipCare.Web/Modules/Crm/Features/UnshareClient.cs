using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>Stops sharing a client with an agent (owner, their team lead or an admin). Unsharing twice changes nothing.</summary>
internal static class UnshareClient
{
    public sealed record Command(Guid ClientId, Guid AgentId) : ICommand<ErrorOr<Success>>, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.AgentId).NotEmpty();
        }
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await ShareClient.ManagedOwnerAsync(visibility, command.ClientId, cancellationToken) is { IsError: true } refused)
            {
                return refused.Errors;
            }

            var share = await db.Shares.SingleOrDefaultAsync(s => s.ClientId == command.ClientId && s.AgentId == command.AgentId, cancellationToken);
            if (share is not null)
            {
                db.Shares.Remove(share);
            }

            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapDelete("/clients/{id:guid}/shares/{agentId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid agentId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id, agentId), ct)).ToNoContent())
            .WithName("UnshareClient")
            .WithSummary("Stops sharing a client with an agent (owner, their team lead or admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
