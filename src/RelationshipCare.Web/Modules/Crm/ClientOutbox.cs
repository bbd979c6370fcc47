using Hangfire;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Events;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// The outbox of writes to external CRMs. A change to a client kept in a CRM adds (or renews) its pending write in
/// the same unit of work as the change, so the two are saved together or not at all; once committed, delivery is
/// asked for at once, and the recurring sweep catches anything that asking missed (a crash, a CRM that was down).
/// </summary>
internal sealed class ClientOutbox(CrmDbContext db, UnitOfWork unitOfWork, IBackgroundJobClient jobs, IEventPublisher events, TimeProvider time)
{
    /// <summary>Queues the client's current state for its CRM; a write already waiting for it is renewed (one write carries every edit).</summary>
    public async Task AddAsync(Client client, CancellationToken cancellationToken)
    {
        if (client.SourceConnectionId is not { } connectionId)
        {
            return;
        }

        var now = time.GetUtcNow();
        var waiting = await db.PendingWrites.SingleOrDefaultAsync(w => w.ClientId == client.Id && w.ConnectionId == connectionId, cancellationToken);
        if (waiting is null)
        {
            db.PendingWrites.Add(new PendingWrite
            {
                Id = Guid.CreateVersion7(now), ClientId = client.Id, ConnectionId = connectionId, Status = PendingWriteStatus.Pending,
                NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
            });
            return;
        }

        // A refused write is tried again with the agent's new values; a delivery in flight sees the new token and keeps this.
        waiting.Status = PendingWriteStatus.Pending;
        waiting.NextAttemptAt = now;
        waiting.Attempts = 0;
        waiting.UpdatedAt = now;
    }

    /// <summary>
    /// Saves an agent's edit of <paramref name="client"/>, read at <paramref name="readVersion"/>, with its CRM write
    /// queued in the same unit of work (so the edit can never be saved here and lost there), and asks for delivery once
    /// it commits. The version moves on and the database compares it, so of two edits racing from the same version only
    /// one is saved: the other's command meets a concurrency conflict, runs again (<see cref="IRetriedOnConflict"/>) and
    /// finds the client changed. A write delivered (and removed) meanwhile is no conflict with anyone: the run again
    /// queues it afresh.
    /// </summary>
    public async Task SaveEditAsync(Client client, int readVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        client.UpdatedAt = now;
        client.Version = readVersion + 1;
        db.Entry(client).Property(c => c.Version).OriginalValue = readVersion;
        await AddAsync(client, cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        DeliverSoon(client);
    }

    /// <summary>Tells the other modules (and the open pages of the client) of the change, through the outbox: with the change or not at all.</summary>
    public void Announce(ClientUpdated change) => events.Publish(change);

    /// <summary>Once the unit commits: asks a job server to deliver now rather than at the next sweep.</summary>
    public void DeliverSoon(Client client)
    {
        if (client.SourceConnectionId is not null)
        {
            unitOfWork.AfterCommit(() =>
            {
                jobs.Enqueue<DeliverPendingWrites.Job>(job => job.RunAsync(CancellationToken.None));
                return Task.CompletedTask;
            });
        }
    }
}
