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

/// <summary>A connection's sync history, newest first.</summary>
internal static class ListSyncRuns
{
    public const int MaxRuns = 50;

    public sealed record Query(Guid ConnectionId) : IQuery<ErrorOr<IReadOnlyList<SyncRunDetails>>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    /// <param name="Skipped">Clients left alone because an agent's change to them still waits for delivery.</param>
    /// <param name="Removed">Clients marked as removed from the CRM because it deleted their record.</param>
    public sealed record SyncRunDetails(
        Guid Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Pages, int Created, int Updated, int Skipped, int Removed, string? Error);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.ConnectionId).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db) : IQueryHandler<Query, ErrorOr<IReadOnlyList<SyncRunDetails>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<SyncRunDetails>>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Connections.AnyAsync(c => c.Id == query.ConnectionId, cancellationToken))
            {
                return CrmErrors.ConnectionNotFound(query.ConnectionId);
            }

            var runs = await db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == query.ConnectionId)
                .OrderByDescending(r => r.StartedAt).Take(MaxRuns).ToListAsync(cancellationToken);
            return runs.Select(Details).ToList();
        }
    }

    public static SyncRunDetails Details(SyncRun r) => new(r.Id, r.StartedAt, r.FinishedAt, r.Pages, r.Created, r.Updated, r.Skipped, r.Removed, r.Error);

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/connections/{id:guid}/sync-runs", async Task<Results<Ok<IReadOnlyList<SyncRunDetails>>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(id), ct)).ToOk())
            .WithName("ListCrmSyncRuns")
            .WithSummary("A connection's last 50 sync runs, newest first (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
