using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// Writes finished requests to PostgreSQL after their answer is on its way: each request's <c>ai_requests</c> row and
/// its reservation's settlement, in batches (one round trip to read the reservations, one to save everything). The
/// budget counters were settled in the store already, so the next request sees the real cost at once. A crash
/// between the answer and the write loses the queued rows: their reservations stay open and are settled at their
/// estimate by <see cref="Features.ReleaseStaleReservations"/>, so a budget never reads lower than what was spent.
/// A graceful stop writes everything queued first.
/// </summary>
internal sealed partial class AiRecordWriter(IServiceScopeFactory scopes, ILogger<AiRecordWriter> logger) : BackgroundService
{
    private const int BatchSize = 256;

    /// <summary>Bounded: when the database falls behind, finishing requests wait for room instead of queueing without end.</summary>
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentDictionary<Guid, AiRequestRecord> _pending = new();

    /// <summary>Queues a finished request's row, with the cost its reservation settles at (<c>null</c> when it held none).</summary>
    public ValueTask WriteAsync(AiRequestRecord record, long? settledMicros)
    {
        _pending[record.Id] = record;
        return _queue.Writer.WriteAsync(new Finished(record, settledMicros));
    }

    /// <summary>A row still queued: this instance answers for its own requests before they land in the database.</summary>
    public AiRequestRecord? Pending(Guid requestId) => _pending.GetValueOrDefault(requestId);

    /// <summary>Completes once everything queued before the call is written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Flush(written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stopped by the token: the loop ends when StopAsync completes the queue and the queue is empty.
        var batch = new List<Item>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var finished = batch.OfType<Finished>().ToList();
            if (finished.Count > 0 && !await TryWriteAsync(finished))
            {
                // One bad row must not lose the others: each on its own.
                foreach (var single in finished)
                {
                    await TryWriteAsync([single]);
                }
            }

            foreach (var item in finished)
            {
                _pending.TryRemove(item.Record.Id, out _);
            }

            foreach (var flush in batch.OfType<Flush>())
            {
                flush.Written.TrySetResult();
            }

            batch.Clear();
        }
    }

    private async Task<bool> TryWriteAsync(IReadOnlyList<Finished> finished)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>();
            db.Requests.AddRange(finished.Select(f => f.Record));
            var settled = finished.Where(f => f.SettledMicros is not null).ToDictionary(f => f.Record.Id);
            if (settled.Count > 0)
            {
                var ids = settled.Keys.ToList();
                var reservations = await db.Reservations.Where(r => ids.Contains(r.RequestId) && r.SettledAt == null).ToListAsync(CancellationToken.None);
                foreach (var reservation in reservations)
                {
                    var run = settled[reservation.RequestId];
                    reservation.SettledAt = run.Record.CompletedAt;
                    reservation.SettledMicros = run.SettledMicros;
                }
            }

            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LogWriteFailed(logger, exception, finished.Count);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} finished AI requests could not be recorded; their reservations are settled at the estimate later")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    private abstract record Item;

    private sealed record Finished(AiRequestRecord Record, long? SettledMicros) : Item;

    private sealed record Flush(TaskCompletionSource Written) : Item;
}
