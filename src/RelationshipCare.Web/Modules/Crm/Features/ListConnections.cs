using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// The CRM connections with how each is doing: last sync, the quota the CRM last reported, the circuit breaker, and
/// the writes waiting for it. Settings are shown without credentials, which are write-only.
/// </summary>
internal static class ListConnections
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<ConnectionDetails>>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    /// <param name="QuotaUsed">Calls (Zoho: credits) the CRM last said were used, if this instance has talked to it.</param>
    /// <param name="Circuit">Closed (calls go through), Open (failing fast after failures), HalfOpen (probing) or Isolated.</param>
    public sealed record ConnectionDetails(
        Guid Id,
        string Name,
        CrmKind Kind,
        CrmAuthMode AuthMode,
        bool Enabled,
        Uri? AuthUrl,
        Uri? ApiUrl,
        string? ApiVersion,
        ZohoDataCentre DataCentre,
        string? PolicyObjectType,
        IReadOnlyList<string> DuplicateCheckFields,
        string DefaultPhoneRegion,
        CrmLimitSettings Limits,
        IReadOnlyList<CrmFieldMapping> CustomFieldMappings,
        IReadOnlyDictionary<string, Guid> OwnerMap,
        Guid DefaultOwnerAgentId,
        DateTimeOffset? SyncedThrough,
        bool SyncInProgress,
        ListSyncRuns.SyncRunDetails? LastSync,
        long? QuotaUsed,
        long? QuotaLimit,
        DateTimeOffset? QuotaObservedAt,
        CircuitState Circuit,
        int PendingWrites,
        int FailedWrites);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(CrmDbContext db, CrmConnections connections) : IQueryHandler<Query, ErrorOr<IReadOnlyList<ConnectionDetails>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<ConnectionDetails>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var all = await db.Connections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
            var writes = await db.PendingWrites.GroupBy(w => new { w.ConnectionId, w.Status })
                .Select(g => new { g.Key.ConnectionId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var lastRuns = await db.SyncRuns.AsNoTracking()
                .Where(r => r.StartedAt == db.SyncRuns.Where(o => o.ConnectionId == r.ConnectionId).Max(o => o.StartedAt))
                .ToListAsync(cancellationToken);
            return all.Select(c => Details(
                    c,
                    connections.Known(c),
                    writes.Where(w => w.ConnectionId == c.Id && w.Status == PendingWriteStatus.Pending).Sum(w => w.Count),
                    writes.Where(w => w.ConnectionId == c.Id && w.Status == PendingWriteStatus.Failed).Sum(w => w.Count),
                    lastRuns.FirstOrDefault(r => r.ConnectionId == c.Id)))
                .ToList();
        }
    }

    public static async Task<(int Pending, int Failed)> WriteCountsAsync(CrmDbContext db, Guid connectionId, CancellationToken cancellationToken)
    {
        var counts = await db.PendingWrites.Where(w => w.ConnectionId == connectionId).GroupBy(w => w.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return (counts.FirstOrDefault(c => c.Key == PendingWriteStatus.Pending)?.Count ?? 0, counts.FirstOrDefault(c => c.Key == PendingWriteStatus.Failed)?.Count ?? 0);
    }

    /// <summary>A connection as admins see it. <paramref name="connector"/> is this instance's, if built: its quota and breaker are live.</summary>
    public static ConnectionDetails Details(CrmConnection c, ICrmConnector? connector, int pending, int failed, SyncRun? lastRun) => new(
        c.Id,
        c.Name,
        c.Kind,
        c.Settings.AuthMode,
        c.Enabled,
        c.Settings.AuthUrl,
        c.Settings.ApiUrl,
        c.Settings.ApiVersion,
        c.Settings.DataCentre,
        c.Settings.PolicyObjectType,
        c.Settings.DuplicateCheckFields,
        c.Settings.DefaultPhoneRegion,
        c.Settings.EffectiveLimits,
        c.Settings.CustomFieldMappings,
        c.OwnerMap,
        c.DefaultOwnerAgentId,
        c.SyncedThrough,
        c.SyncCursor is not null,
        lastRun is null ? null : ListSyncRuns.Details(lastRun),
        connector?.LastQuota?.Used,
        connector?.LastQuota?.Limit,
        connector?.LastQuota?.ObservedAt,
        connector?.Circuit ?? CircuitState.Closed,
        pending,
        failed);

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/connections", async Task<Results<Ok<IReadOnlyList<ConnectionDetails>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListCrmConnections")
            .WithSummary("The CRM connections with their last sync, quota, breaker state and waiting writes (admins; never credentials).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
