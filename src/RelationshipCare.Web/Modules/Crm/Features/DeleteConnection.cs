using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// An admin deletes a connection and its sync history. Clients synced from it stay, kept in the platform from now on;
/// writes still waiting for it are dropped (the clients keep the changes). To pause a connection instead, disable it.
/// </summary>
internal static class DeleteConnection
{
    public sealed record Command(Guid ConnectionId) : ICommand<ErrorOr<Success>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ConnectionId).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db, CrmConnections connections) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken);
            if (connection is null)
            {
                return CrmErrors.ConnectionNotFound(command.ConnectionId);
            }

            db.Connections.Remove(connection);
            db.PendingWrites.RemoveRange(await db.PendingWrites.Where(w => w.ConnectionId == connection.Id).ToListAsync(cancellationToken));
            db.SyncRuns.RemoveRange(await db.SyncRuns.Where(r => r.ConnectionId == connection.Id).ToListAsync(cancellationToken));
            connections.Forget(connection.Id);
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapDelete("/connections/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id), ct)).ToNoContent())
            .WithName("DeleteCrmConnection")
            .WithSummary("Deletes a CRM connection and its sync history; its clients stay (admins). Disable it to pause instead.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
