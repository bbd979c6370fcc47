using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>
/// Delivers the outbox: at once, when a unit of this host commits events; at start, for what a crash or stop left;
/// and every minute by the recurring sweep (<see cref="Sweep"/>), which also catches what other hosts left. Each drain
/// claims due deliveries in batches (locked rows are skipped on PostgreSQL, so hosts never claim the same one), never
/// a delivery while an earlier one of the same handler and subject is undelivered, and hands them out in parallel.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, EventRoutes routes, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
                await signal.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database may be away: the sweep tries again within a minute, and so does the next commit.
                LogDrainFailed(logger, e);
                await signal.WaitAsync(stoppingToken);
            }
        }
    }

    /// <summary>Delivers every due delivery; answers how many were handled.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        while (await ClaimAsync(cancellationToken) is { Count: > 0 } claimed)
        {
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
                async (id, ct) =>
                {
                    if (await DeliverAsync(id, ct))
                    {
                        Interlocked.Increment(ref handled);
                    }
                });
        }

        return handled;
    }

    private async Task<List<long>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxDbContext>();
        var now = time.GetUtcNow();
        var claimUntil = now.AddSeconds(options.Value.ClaimSeconds);
        var batch = options.Value.BatchSize;
        var handlers = routes.Handlers;
        return await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async ct =>
        {
            var due = await db.Deliveries
                .TagWith(RowLocks.SkipLocked)
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && handlers.Contains(d.Handler)
                    && !db.Deliveries.Any(earlier => earlier.Handler == d.Handler && earlier.Subject == d.Subject
                        && earlier.Status == DeliveryStatus.Pending && earlier.Id < d.Id))
                .OrderBy(d => d.Id)
                .Take(batch)
                .Select(d => d.Id)
                .ToListAsync(ct);
            if (due.Count > 0)
            {
                await db.Deliveries.Where(d => due.Contains(d.Id)).ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, claimUntil), ct);
            }

            return due;
        }, cancellationToken);
    }

    private async Task<bool> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var delivered = await sender.Send(new DeliverEvent.Command(deliveryId), cancellationToken);
            if (!delivered.IsError)
            {
                return true;
            }

            var status = await sender.Send(new DeliverEvent.RecordFailure(deliveryId, delivered.FirstError.Description), cancellationToken);
            LogDeliveryFailed(logger, deliveryId, delivered.FirstError.Code, status.Value == DeliveryStatus.Dead);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Left claimed: it is due again once the claim runs out.
            LogDeliveryError(logger, e, deliveryId);
            return false;
        }
    }

    /// <summary>
    /// The recurring sweep: delivers what is due (a crashed host's events, retries), then forgets handled messages and
    /// inbox entries older than the retention.
    /// </summary>
    internal sealed class Sweep(OutboxDispatcher dispatcher, UnitOfWork unitOfWork, OutboxDbContext db, IOptions<OutboxOptions> options, TimeProvider time)
        : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await dispatcher.DrainAsync(cancellationToken);
            var before = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
            await unitOfWork.RunAsync(async ct =>
            {
                await db.Inbox.Where(i => i.HandledAt < before).ExecuteDeleteAsync(ct);
                await db.Messages.Where(m => m.CreatedAt < before && !db.Deliveries.Any(d => d.MessageId == m.Id)).ExecuteDeleteAsync(ct);
            }, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be drained; the sweep tries again")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox delivery {DeliveryId} failed ({Code}); dead letter: {Dead}")]
    private static partial void LogDeliveryFailed(ILogger logger, long deliveryId, string code, bool dead);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox delivery {DeliveryId} could not be attempted; it is tried again when its claim runs out")]
    private static partial void LogDeliveryError(ILogger logger, Exception exception, long deliveryId);
}
