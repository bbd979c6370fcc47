using ErrorOr;
using FluentValidation;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Jobs;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Incremental sync of one connection: pages through the clients the CRM changed since the last sync, upserts them
/// and their policies by external id (so a page read twice changes nothing), gives each to the agent the owner map
/// names (the connection's default owner otherwise), and stores the cursor with every page so a sync that stops
/// resumes where it stopped. Then it applies the records the CRM deleted since the last run the same way: each one's
/// client is marked as removed from its CRM (kept, with its notes, never written back), and a record restored later
/// brings it back. Each run leaves a history row. A client with a change still waiting for delivery is left as the
/// agent saved it: the CRM gets that change first.
/// </summary>
internal static partial class SyncConnection
{
    /// <summary>How long a running sync holds its connection; renewed with every page, so only a crashed sync's hold runs out.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(30);

    /// <summary>How far before the last run's end deletions are listed again, for clocks that disagree.</summary>
    public static readonly TimeSpan DeletionOverlap = TimeSpan.FromMinutes(5);

    /// <summary>"Sync now": asks a job server to sync the connection at once.</summary>
    public sealed record Command(Guid ConnectionId) : ICommand<ErrorOr<Success>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ConnectionId).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db, IBackgroundJobClient jobs) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken);
            if (connection is null)
            {
                return CrmErrors.ConnectionNotFound(command.ConnectionId);
            }

            if (!connection.Enabled)
            {
                return CrmErrors.ConnectionDisabled;
            }

            jobs.Enqueue<Runner>(runner => runner.RunAsync(command.ConnectionId, CancellationToken.None));
            return Result.Success;
        }
    }

    /// <summary>The schedule: every enabled connection, one after the other.</summary>
    internal sealed class Job(CrmDbContext db, Runner runner) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var enabled = await db.Connections.AsNoTracking().Where(c => c.Enabled).Select(c => c.Id).ToListAsync(cancellationToken);
            foreach (var id in enabled)
            {
                await runner.RunAsync(id, cancellationToken);
            }
        }
    }

    internal sealed partial class Runner(CrmDbContext db, UnitOfWork unitOfWork, CrmConnections connections, HybridCache cache, TimeProvider time, ILogger<Runner> logger)
    {
        /// <summary>Syncs the connection; null when it is disabled, gone, or another sync of it is running.</summary>
        public async Task<SyncRun?> RunAsync(Guid connectionId, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var held = await unitOfWork.RunAsync(ct => db.Connections
                .Where(c => c.Id == connectionId && c.Enabled && (c.SyncLeaseUntil == null || c.SyncLeaseUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.SyncLeaseUntil, now + HoldFor), ct), cancellationToken);
            if (held == 0)
            {
                return null;
            }

            db.ChangeTracker.Clear();
            var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, cancellationToken);
            var run = new SyncRun { Id = Guid.CreateVersion7(now), ConnectionId = connectionId, StartedAt = now };
            db.SyncRuns.Add(run);
            await unitOfWork.SaveStepAsync(cancellationToken);
            var saved = (Changes: connection.SyncCursor, Deletions: connection.DeletionCursor);
            var stopped = true;
            try
            {
                var seen = await SyncPagesAsync(connection, run, () => saved = (connection.SyncCursor, connection.DeletionCursor), cancellationToken);
                await SyncDeletionsAsync(connection, run, seen, () => saved = (connection.SyncCursor, connection.DeletionCursor), cancellationToken);
                stopped = false;
            }
            catch (CrmUnavailableException e)
            {
                // The cursors stay: the next run resumes from the last stored page.
                run.Error = e.Message;
                stopped = false;
            }
            catch (CrmRejectedException e)
            {
                // An expired or foreign cursor: start again from the last finished sync's dates.
                run.Error = e.Message;
                saved = (null, null);
                stopped = false;
            }
            finally
            {
                // Whatever the unfinished page changed is dropped; the cursors go back to the last page saved.
                db.ChangeTracker.Entries().Where(e => e.Entity is not CrmConnection and not SyncRun).ToList().ForEach(e => e.State = EntityState.Detached);
                (connection.SyncCursor, connection.DeletionCursor) = saved;
                run.Error ??= stopped ? "The sync stopped unexpectedly; the next run resumes from the last page saved." : null;
                run.FinishedAt = time.GetUtcNow();
                connection.SyncLeaseUntil = null;
                await unitOfWork.SaveStepAsync(CancellationToken.None);
            }

            LogRun(logger, connection.Id, run.Pages, run.Created, run.Updated, run.Removed, run.Error is null);
            return run;
        }

        /// <summary>The changed pages; answers when this run saw each record change, for the deletions that follow.</summary>
        private async Task<Dictionary<string, DateTimeOffset?>> SyncPagesAsync(CrmConnection connection, SyncRun run, Action saved, CancellationToken cancellationToken)
        {
            var connector = connections.ConnectorOf(connection);
            var since = connection.SyncedThrough;
            var newest = since;
            var seen = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
            do
            {
                var updatedBefore = run.Updated;
                // Taken before the page is read: a write delivered while the page is in flight may be gone by the time
                // its record is applied, and the page may hold the record as it was before that delivery.
                var waiting = await WaitingAsync(connection, cancellationToken);
                var page = await connector.ListChangedAsync(since, connection.SyncCursor, cancellationToken);
                foreach (var record in page.Clients)
                {
                    switch (await UpsertAsync(connection, record, waiting, cancellationToken))
                    {
                        case Outcome.Created:
                            run.Created++;
                            break;
                        case Outcome.Updated:
                            run.Updated++;
                            break;
                        case Outcome.Skipped:
                            run.Skipped++;
                            break;
                    }

                    seen[record.ExternalId] = record.ModifiedAt;
                    if (record.ModifiedAt > newest || newest is null)
                    {
                        newest = record.ModifiedAt;
                    }
                }

                run.Pages++;
                connection.SyncCursor = page.NextCursor;
                if (page.NextCursor is null)
                {
                    connection.SyncedThrough = newest;
                }

                connection.SyncLeaseUntil = time.GetUtcNow() + HoldFor;
                // The page's clients, the cursor after it and the run's counts are saved together.
                await unitOfWork.SaveStepAsync(cancellationToken);
                if (run.Updated > updatedBefore)
                {
                    // Cached client pages would show what the CRM has just changed; a sync is rare enough to drop them all.
                    await cache.RemoveByTagAsync(GetClient.AllClientsCacheTag, CancellationToken.None);
                }

                saved();
                db.ChangeTracker.Entries().Where(e => e.Entity is not CrmConnection and not SyncRun).ToList().ForEach(e => e.State = EntityState.Detached);
            }
            while (connection.SyncCursor is not null);
            return seen;
        }

        /// <summary>
        /// After the changed pages: the records the CRM deleted since the last run, each client marked as removed, a
        /// page at a time with the cursor saved alongside, as the changes are. The first sync of a connection lists
        /// only live records, so it only notes the time deletions count from.
        /// </summary>
        private async Task SyncDeletionsAsync(CrmConnection connection, SyncRun run, Dictionary<string, DateTimeOffset?> seen, Action saved, CancellationToken cancellationToken)
        {
            if (connection.DeletionsSyncedThrough is not { } since)
            {
                connection.DeletionsSyncedThrough = run.StartedAt;
                await unitOfWork.SaveStepAsync(cancellationToken);
                saved();
                return;
            }

            var connector = connections.ConnectorOf(connection);
            do
            {
                var removedBefore = run.Removed;
                // Read a little before the last run's end too: a clock between the CRM and us is never exact, and a
                // deletion applied twice changes nothing.
                var page = await connector.ListDeletedAsync(since - DeletionOverlap, run.StartedAt, connection.DeletionCursor, cancellationToken);
                foreach (var deletion in page.Deletions)
                {
                    // A record this run saw changing after its deletion was restored from the CRM's recycle bin.
                    if (seen.TryGetValue(deletion.ExternalId, out var changed) && changed > deletion.DeletedAt)
                    {
                        continue;
                    }

                    if (await RemoveAsync(connection, deletion, cancellationToken))
                    {
                        run.Removed++;
                    }
                }

                run.Pages++;
                connection.DeletionCursor = page.NextCursor;
                if (page.NextCursor is null)
                {
                    connection.DeletionsSyncedThrough = page.CoveredThrough is { } covered && covered < run.StartedAt ? covered : run.StartedAt;
                }

                connection.SyncLeaseUntil = time.GetUtcNow() + HoldFor;
                await unitOfWork.SaveStepAsync(cancellationToken);
                if (run.Removed > removedBefore)
                {
                    await cache.RemoveByTagAsync(GetClient.AllClientsCacheTag, CancellationToken.None);
                }

                saved();
                db.ChangeTracker.Entries().Where(e => e.Entity is not CrmConnection and not SyncRun).ToList().ForEach(e => e.State = EntityState.Detached);
            }
            while (connection.DeletionCursor is not null);
        }

        /// <summary>
        /// Marks the record's client as removed from its CRM: it keeps everything the agency wrote about it (notes,
        /// policies, history), loses the external id and any write still waiting for the CRM (a write would re-create
        /// what the CRM deleted), and no longer counts as kept in a CRM. False when no client holds the record (any more).
        /// </summary>
        private async Task<bool> RemoveAsync(CrmConnection connection, CrmDeletion deletion, CancellationToken cancellationToken)
        {
            var link = await db.ExternalIds.SingleOrDefaultAsync(e => e.ConnectionId == connection.Id && e.ExternalId == deletion.ExternalId, cancellationToken);
            var client = link is null ? null : await db.Clients.SingleOrDefaultAsync(c => c.Id == link.ClientId, cancellationToken);
            if (link is null || client is null)
            {
                return false;
            }

            db.ExternalIds.Remove(link);
            db.PendingWrites.RemoveRange(await db.PendingWrites.Where(w => w.ClientId == client.Id && w.ConnectionId == connection.Id).ToListAsync(cancellationToken));
            client.RemovedFromCrmAt = deletion.DeletedAt;
            client.RemovedByConnectionId = connection.Id;
            client.RemovedExternalId = deletion.ExternalId;
            client.SourceConnectionId = null;
            client.UpdatedAt = time.GetUtcNow();
            client.Version++;
            return true;
        }

        /// <summary>
        /// The connection's clients with a write still waiting, and among them those whose create has no record id yet
        /// (by email): read once per page, so the records of the page are matched in memory.
        /// </summary>
        private async Task<Waiting> WaitingAsync(CrmConnection connection, CancellationToken cancellationToken)
        {
            var clients = (await db.PendingWrites.Where(w => w.ConnectionId == connection.Id).Select(w => w.ClientId).ToListAsync(cancellationToken)).ToHashSet();
            if (clients.Count == 0)
            {
                return new Waiting(clients, []);
            }

            var linked = db.ExternalIds.Where(e => e.ConnectionId == connection.Id).Select(e => e.ClientId);
            var creates = await db.Clients.AsNoTracking()
                .Where(c => c.SourceConnectionId == connection.Id && c.Email != null && clients.Contains(c.Id) && !linked.Contains(c.Id))
                .Select(c => new { c.Id, Email = c.Email! })
                .ToListAsync(cancellationToken);
            return new Waiting(clients, creates.DistinctBy(c => c.Email).ToDictionary(c => c.Email, c => c.Id, StringComparer.Ordinal));
        }

        private async Task<Outcome> UpsertAsync(CrmConnection connection, CrmClient record, Waiting waiting, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var known = await db.ExternalIds.AsNoTracking()
                .Where(e => e.ConnectionId == connection.Id && e.ExternalId == record.ExternalId)
                .Select(e => (Guid?)e.ClientId)
                .FirstOrDefaultAsync(cancellationToken);
            Client? client = null;
            if (known is { } clientId)
            {
                if (waiting.Clients.Contains(clientId) || await db.PendingWrites.AnyAsync(w => w.ClientId == clientId && w.ConnectionId == connection.Id, cancellationToken))
                {
                    return Outcome.Skipped;
                }

                client = await db.Clients.Include(c => c.Policies).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
            }
            else
            {
                client = await RestoreAsync(connection, record.ExternalId, cancellationToken);
                if (client is null && record.Email?.Trim().ToLowerInvariant() is { Length: > 0 } email
                    && waiting.CreatesByEmail.Remove(email, out var creating))
                {
                    // The CRM made this record from a create whose answer was lost: link it, and the retried write updates it.
                    db.ExternalIds.Add(new ClientExternalId { ClientId = creating, ConnectionId = connection.Id, ExternalId = record.ExternalId });
                    return Outcome.Skipped;
                }
            }

            var created = client is null;
            if (client is null)
            {
                client = new Client { Id = Guid.CreateVersion7(now), Source = connection.Kind, SourceConnectionId = connection.Id, CreatedAt = now, UpdatedAt = now };
                db.Clients.Add(client);
                if (known is not null)
                {
                    // The client this record made was deleted here: the record makes a new one.
                    await db.ExternalIds.Where(e => e.ConnectionId == connection.Id && e.ExternalId == record.ExternalId).ExecuteDeleteAsync(cancellationToken);
                }

                db.ExternalIds.Add(new ClientExternalId { ClientId = client.Id, ConnectionId = connection.Id, ExternalId = record.ExternalId });
            }

            Apply(record, client, connection);
            await ApplyPoliciesAsync(record, client, now, cancellationToken);
            if (created)
            {
                return Outcome.Created;
            }

            db.ChangeTracker.DetectChanges();
            var changed = db.Entry(client).State == EntityState.Modified
                || client.Policies.Any(p => db.Entry(p).State is EntityState.Added or EntityState.Modified);
            if (!changed)
            {
                return Outcome.Unchanged;
            }

            client.UpdatedAt = now;
            client.Version++;
            return Outcome.Updated;
        }

        /// <summary>
        /// A record its CRM deleted and then restored (from its recycle bin) comes back as the client it was removed
        /// from, notes and all, rather than as a new one; null when no removed client held the record.
        /// </summary>
        private async Task<Client?> RestoreAsync(CrmConnection connection, string externalId, CancellationToken cancellationToken)
        {
            var client = await db.Clients.Include(c => c.Policies)
                .Where(c => c.RemovedByConnectionId == connection.Id && c.RemovedExternalId == externalId)
                .OrderByDescending(c => c.RemovedFromCrmAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (client is null)
            {
                return null;
            }

            client.RemovedFromCrmAt = null;
            client.RemovedByConnectionId = null;
            client.RemovedExternalId = null;
            client.SourceConnectionId = connection.Id;
            db.ExternalIds.Add(new ClientExternalId { ClientId = client.Id, ConnectionId = connection.Id, ExternalId = externalId });
            return client;
        }

        private static void Apply(CrmClient record, Client client, CrmConnection connection)
        {
            client.Rename(Clip(record.FirstName, 100) ?? "", Clip(record.LastName, 100) ?? "");
            client.Email = Clip(record.Email?.Trim().ToLowerInvariant(), 256);
            client.Phone = ClientPhones.ToE164(record.Phone);
            client.Company = Clip(record.Company, 200);
            client.Birthdate = record.Birthdate;
            client.Street = Clip(record.Address?.Street, 200);
            client.City = Clip(record.Address?.City, 100);
            client.State = Code(record.Address?.State);
            client.PostalCode = Clip(record.Address?.PostalCode, 20);
            client.Country = Code(record.Address?.Country);
            if (record.Preferences is { } preferences)
            {
                client.PreferredChannel = Clip(preferences.PreferredChannel, 10);
                client.QuietHoursStart = preferences.QuietHoursStart;
                client.QuietHoursEnd = preferences.QuietHoursEnd;
                client.Language = Clip(preferences.Language, 35);
                client.TimeZone = Clip(preferences.TimeZone, 64);
            }

            if (record.LastContactAt is not null)
            {
                client.LastContactAt = record.LastContactAt;
            }

            // Mapped fields come from the CRM; the others are the platform's own and stay.
            var custom = new Dictionary<string, string?>(client.CustomFields);
            foreach (var (key, value) in record.CustomFields)
            {
                custom[key] = value;
            }

            client.CustomFields = custom;
            client.OwnerAgentId = record.OwnerExternalId is { } owner && connection.OwnerMap.TryGetValue(owner, out var agentId)
                ? agentId
                : connection.DefaultOwnerAgentId;
        }

        private async Task ApplyPoliciesAsync(CrmClient record, Client client, DateTimeOffset now, CancellationToken cancellationToken)
        {
            foreach (var incoming in record.Policies)
            {
                var number = incoming.Number.Trim().ToUpperInvariant();
                var policy = client.Policies.FirstOrDefault(p => p.ExternalId == incoming.ExternalId) ?? client.Policies.FirstOrDefault(p => p.Number == number);
                if (policy is null)
                {
                    // Policy numbers are unique across the agency: one another client holds is not taken over.
                    if (await db.Policies.AnyAsync(p => p.Number == number, cancellationToken))
                    {
                        continue;
                    }

                    policy = new ClientPolicy { Id = Guid.CreateVersion7(now), ClientId = client.Id, ExternalId = incoming.ExternalId, Number = number, LineOfBusiness = "" };
                    client.Policies.Add(policy);
                }

                policy.Number = number;
                policy.LineOfBusiness = Clip(incoming.LineOfBusiness, 40) ?? "";
                policy.Carrier = Clip(incoming.Carrier, 100);
                policy.Premium = incoming.Premium;
                policy.EffectiveDate = incoming.EffectiveDate;
                policy.ExpirationDate = incoming.ExpirationDate;
                policy.Status = incoming.Status;
            }

            client.PoliciesChanged();
        }

        private static string? Clip(string? value, int length) =>
            string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var text && text.Length > length ? text[..length] : value.Trim();

        /// <summary>Two-letter codes (US state, country); anything else is not one and is left out.</summary>
        private static string? Code(string? value) => value?.Trim() is { Length: 2 } code ? code.ToUpperInvariant() : null;

        [LoggerMessage(Level = LogLevel.Information, Message = "Synced connection {ConnectionId}: {Pages} pages, {Created} created, {Updated} updated, {Removed} removed, completed {Completed}")]
        private static partial void LogRun(ILogger logger, Guid connectionId, int pages, int created, int updated, int removed, bool completed);
    }

    private enum Outcome
    {
        Created,
        Updated,
        Unchanged,
        Skipped,
    }

    /// <summary>
    /// Writes still waiting for the connection when a page was asked for. <see cref="CreatesByEmail"/> are creates whose
    /// answer was lost: the CRM saved the record but the platform does not know its id yet. Matched by email, the key
    /// HubSpot and Zoho (by default) de-duplicate creates on; without this, the sync would import it as a second client.
    /// </summary>
    private sealed record Waiting(HashSet<Guid> Clients, Dictionary<string, Guid> CreatesByEmail);

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/connections/{id:guid}/sync", async Task<Results<Accepted, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id), ct)).Match<Results<Accepted, ProblemHttpResult>>(
                    _ => TypedResults.Accepted($"/api/crm/connections/{id}/sync-runs"),
                    errors => errors.ToProblem()))
            .WithName("SyncCrmConnection")
            .WithSummary("Starts a sync of the connection now (admins); its run appears in the sync history.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
