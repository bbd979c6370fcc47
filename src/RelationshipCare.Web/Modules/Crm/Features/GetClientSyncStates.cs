using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Which of the given clients have a change their CRM has not received yet ("pending sync to HubSpot") or has refused
/// ("failed: reason"). Only clients the caller sees are answered; the others are simply absent.
/// </summary>
internal static class GetClientSyncStates
{
    public const int MaxClients = 200;

    public sealed record Query(IReadOnlyList<Guid> ClientIds) : IQuery<ErrorOr<IReadOnlyList<SyncState>>>;

    /// <param name="Reason">Why the last attempt did not deliver: the CRM's refusal, or why it could not be reached.</param>
    public sealed record SyncState(Guid ClientId, string ConnectionName, CrmKind Kind, PendingWriteStatus Status, string? Reason, DateTimeOffset NextAttemptAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.ClientIds).NotNull().Must(ids => ids.Count <= MaxClients).WithMessage($"Ask about at most {MaxClients} clients at a time.");
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility) : IQueryHandler<Query, ErrorOr<IReadOnlyList<SyncState>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<SyncState>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var ids = query.ClientIds.Distinct().ToList();
            var visible = visibility.Visible(viewer).Where(c => ids.Contains(c.Id)).Select(c => c.Id);
            // Asked about one client (its page, the API), one the caller may not see does not exist.
            if (ids.Count == 1 && !await visible.AnyAsync(cancellationToken))
            {
                return CrmErrors.ClientNotFound(ids[0]);
            }

            return await db.PendingWrites.AsNoTracking()
                .Where(w => visible.Contains(w.ClientId))
                .Join(db.Connections, w => w.ConnectionId, c => c.Id, (w, c) => new SyncState(w.ClientId, c.Name, c.Kind, w.Status, w.LastError, w.NextAttemptAt))
                .ToListAsync(cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/clients/{id:guid}/sync-state", async Task<Results<Ok<IReadOnlyList<SyncState>>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query([id]), ct)).ToOk())
            .WithName("GetClientSyncState")
            .WithSummary("The client's changes still waiting for its CRM, or refused by it with the CRM's reason (empty when all are delivered).")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
