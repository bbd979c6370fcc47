using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Delivers the outbox: each due pending write sends its client, as it is now, through the connection's connector,
/// then the client's policies added or changed since the last delivery (a new client is created with its platform id and
/// a new policy is looked up by number first, so a retry after a lost answer never makes a second record).
/// A CRM that is limited or down leaves the write pending until the time it names (or a growing backoff); a CRM that
/// refuses the data marks it failed with the CRM's reason, for the agent to fix. Every instance may run this at once:
/// a write is claimed before it is sent, so no two send the same write, and the upsert is idempotent anyway.
/// </summary>
internal static partial class DeliverPendingWrites
{
    /// <summary>How long a claimed write is left alone: longer than a delivery takes, so a crashed instance's claim runs out.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private const int BatchSize = 50;

    /// <summary>The wait before the next attempt: what the CRM said, or 30 s doubling per attempt up to an hour.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter) => RetrySchedule.Delay(attempts, FirstRetry, LongestRetry, retryAfter);

    /// <summary>The recurring sweep (every minute) and the delivery asked for after an edit.</summary>
    internal sealed partial class Job(CrmDbContext db, UnitOfWork unitOfWork, CrmConnections connections, HybridCache cache, TimeProvider time, ILogger<Job> logger) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var due = await db.PendingWrites.AsNoTracking()
                .Where(w => w.Status == PendingWriteStatus.Pending && w.NextAttemptAt <= now)
                .OrderBy(w => w.NextAttemptAt)
                .Take(BatchSize)
                .Select(w => w.Id)
                .ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                // The claim: only the instance whose update matched the due row sends it.
                var claimed = await unitOfWork.RunAsync(ct => db.PendingWrites
                    .Where(w => w.Id == id && w.Status == PendingWriteStatus.Pending && w.NextAttemptAt <= now)
                    .ExecuteUpdateAsync(set => set.SetProperty(w => w.NextAttemptAt, now + ClaimFor), ct), cancellationToken);
                if (claimed == 1)
                {
                    await DeliverAsync(id, cancellationToken);
                }
            }
        }

        private async Task DeliverAsync(Guid writeId, CancellationToken cancellationToken)
        {
            db.ChangeTracker.Clear();
            var write = await db.PendingWrites.SingleOrDefaultAsync(w => w.Id == writeId, cancellationToken);
            var connection = write is null ? null : await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == write.ConnectionId, cancellationToken);
            var client = write is null ? null : await db.Clients.AsNoTracking().Include(c => c.Policies).SingleOrDefaultAsync(c => c.Id == write.ClientId, cancellationToken);
            if (write is null || connection is null || client is null)
            {
                // The connection or the client is gone: nothing is left to deliver.
                await unitOfWork.RunAsync(ct => db.PendingWrites.Where(w => w.Id == writeId).ExecuteDeleteAsync(ct), cancellationToken);
                return;
            }

            var now = time.GetUtcNow();
            if (!connection.Enabled)
            {
                write.Attempts++;
                await SaveAsync(write, now + LongestRetry, "The connection is disabled; the change waits until an admin enables it.", cancellationToken);
                return;
            }

            var externalId = await db.ExternalIds.AsNoTracking()
                .Where(e => e.ClientId == client.Id && e.ConnectionId == connection.Id)
                .Select(e => e.ExternalId)
                .FirstOrDefaultAsync(cancellationToken);
            try
            {
                var connector = connections.ConnectorOf(connection);
                var sent = await connector.UpsertClientAsync(ToCrm(client, externalId, connection), cancellationToken);
                if (externalId is null)
                {
                    // Stored at once: a policy refused below must not cost the client its link to the record just made.
                    await LinkAsync(new ClientExternalId { ClientId = client.Id, ConnectionId = connection.Id, ExternalId = sent }, cancellationToken);
                    await cache.RemoveByTagAsync(GetClient.CacheTag(client.Id), cancellationToken);
                }

                await DeliverPoliciesAsync(connector, sent, client, cancellationToken);

                db.PendingWrites.Remove(write);
                await SaveIgnoringNewerEditAsync(cancellationToken);
                LogDelivered(logger, writeId, connection.Kind);
            }
            catch (CrmUnavailableException e)
            {
                write.Attempts++;
                LogPostponed(logger, writeId, connection.Kind, e.Message);
                await SaveAsync(write, now + RetryDelay(write.Attempts, e.RetryAfter), e.Message, cancellationToken);
            }
            catch (CrmRejectedException e)
            {
                write.Attempts++;
                LogRefused(logger, writeId, connection.Kind);
                write.Status = PendingWriteStatus.Failed;
                var fields = e.FieldErrors.Count == 0 ? "" : " " + string.Join("; ", e.FieldErrors.Select(f => $"{f.Key}: {f.Value}"));
                await SaveAsync(write, now, Shorten(e.Message + fields), cancellationToken);
            }
        }

        /// <summary>
        /// The policies agents added or changed, each stored with its CRM id once sent. Its pending mark is cleared only
        /// if no newer edit set it again meanwhile (that edit renewed the write, which sends the policy once more).
        /// </summary>
        private async Task DeliverPoliciesAsync(ICrmConnector connector, string clientExternalId, Client client, CancellationToken cancellationToken)
        {
            foreach (var policy in client.Policies.Where(p => p.WritePendingSince is not null))
            {
                var policyId = await connector.UpsertPolicyAsync(clientExternalId, ToCrm(policy), cancellationToken);
                var markedAt = policy.WritePendingSince;
                await unitOfWork.RunAsync(ct => db.Policies.Where(p => p.Id == policy.Id)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(p => p.ExternalId, policyId)
                            .SetProperty(p => p.WritePendingSince, p => p.WritePendingSince == markedAt ? null : p.WritePendingSince),
                        ct), cancellationToken);
            }
        }

        /// <summary>
        /// Stores the new record's id, unless a sync linked the client to it meanwhile (it read the record a create had
        /// made before the create's answer came back).
        /// </summary>
        private async Task LinkAsync(ClientExternalId link, CancellationToken cancellationToken)
        {
            try
            {
                await unitOfWork.RunAsync(_ =>
                {
                    db.ExternalIds.Add(link);
                    return Task.CompletedTask;
                }, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Rolled back; unless the sync's link stands, the failure is real.
                if (!await db.ExternalIds.AnyAsync(e => e.ClientId == link.ClientId && e.ConnectionId == link.ConnectionId, cancellationToken))
                {
                    throw;
                }
            }
        }

        private async Task SaveAsync(PendingWrite write, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
        {
            write.NextAttemptAt = nextAttemptAt;
            write.LastError = Shorten(error);
            await SaveIgnoringNewerEditAsync(cancellationToken);
        }

        /// <summary>An edit saved while this delivery ran renewed the write: it stays as that edit left it, due at once.</summary>
        private async Task SaveIgnoringNewerEditAsync(CancellationToken cancellationToken)
        {
            try
            {
                await unitOfWork.SaveStepAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Rolled back: the newer edit's state stands.
            }
        }

        private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];

        [LoggerMessage(Level = LogLevel.Information, Message = "Delivered pending write {WriteId} to {Crm}")]
        private static partial void LogDelivered(ILogger logger, Guid writeId, CrmKind crm);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Pending write {WriteId} waits: {Crm} is unavailable ({Reason})")]
        private static partial void LogPostponed(ILogger logger, Guid writeId, CrmKind crm, string reason);

        // The CRM's reason can quote the client's data back (an invalid email): it is stored for the agent, never logged.
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Crm} refused pending write {WriteId}")]
        private static partial void LogRefused(ILogger logger, Guid writeId, CrmKind crm);
    }

    private static CrmPolicy ToCrm(ClientPolicy policy) =>
        new(policy.ExternalId ?? "", policy.Number, policy.LineOfBusiness, policy.Carrier, policy.Premium, policy.EffectiveDate, policy.ExpirationDate, policy.Status)
        {
            PlatformId = policy.Id.ToString(),
        };

    /// <summary>The client in the CRM's terms; its owner is the CRM user the owner map gives the owning agent, if any.</summary>
    private static CrmClient ToCrm(Client client, string? externalId, CrmConnection connection) => new()
    {
        ExternalId = externalId ?? "",
        PlatformId = client.Id.ToString(),
        FirstName = client.FirstName,
        LastName = client.LastName,
        Email = client.Email,
        Phone = client.Phone,
        Company = client.Company,
        Birthdate = client.Birthdate,
        Address = client.Address,
        Preferences = new Contracts.ClientPreferences(client.PreferredChannel, client.QuietHoursStart, client.QuietHoursEnd, client.Language, client.TimeZone),
        OwnerExternalId = connection.OwnerMap.FirstOrDefault(pair => pair.Value == client.OwnerAgentId).Key,
        LastContactAt = client.LastContactAt,
        ModifiedAt = client.UpdatedAt,
        CustomFields = client.CustomFields,
    };
}
