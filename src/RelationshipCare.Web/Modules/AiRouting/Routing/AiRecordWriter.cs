using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// What an agent's request leaves to do once nothing needs to wait for it, in batches, so the answer never waits on
/// a round trip it does not need:
/// <list type="bullet">
/// <item>its reservation's row, queued when the budget store took the hold (before any provider was called);</item>
/// <item>once it is answered, its hold settled in the budget store at the real cost (until then the store counts the
/// estimate, which a fallback's price already covers, so nothing can overspend meanwhile), its <c>ai_requests</c> row,
/// and its reservation's row marked settled.</item>
/// </list>
/// A crash before a batch is written loses it: an open reservation whose row was written is settled at its estimate
/// by <see cref="Features.ReleaseStaleReservations"/>; a hold whose row was not stays counted at its estimate until the
/// budget's period ends. Either way a budget never reads lower than what was spent. A graceful stop writes everything
/// queued first, then gives back the budget allowances this instance took ahead.
/// </summary>
internal sealed partial class AiRecordWriter(IServiceScopeFactory scopes, IBudgetStore budgets, ILogger<AiRecordWriter> logger) : BackgroundService
{
    private const int BatchSize = 256;

    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    /// <summary>Bounded: when the database falls behind, requests wait for room instead of queueing without end.</summary>
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentDictionary<Guid, AiRequestRecord> _pending = new();

    /// <summary>Queues the row of a hold the budget store has just taken.</summary>
    public ValueTask WriteAsync(BudgetReservation reservation) => _queue.Writer.WriteAsync(new Reserved(reservation));

    /// <summary>Queues a finished request's row, with the settlement of its hold (<c>null</c> when it held none).</summary>
    public ValueTask WriteAsync(AiRequestRecord record, BudgetSettlement? settlement)
    {
        _pending[record.Id] = record;
        return _queue.Writer.WriteAsync(new Finished(record, settlement));
    }

    /// <summary>A row still queued: this instance answers for its own requests before they land in the database.</summary>
    public AiRequestRecord? Pending(Guid requestId) => _pending.GetValueOrDefault(requestId);

    /// <summary>Completes once everything queued before the call is done.</summary>
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
            Drain(batch);
            if (batch.Count < BatchSize && !batch.Any(item => item is Flush))
            {
                // A moment's wait lets a request's reservation and its answer share one batch, and busy moments
                // share a round trip: a few milliseconds later in the database, nothing later for the agent.
                await Task.Delay(Linger, CancellationToken.None);
                Drain(batch);
            }

            var unsettled = await SettleHoldsAsync(batch.OfType<Finished>());
            var rows = batch.Where(item => item is not Flush).ToList();
            if (rows.Count > 0 && !await TryWriteAsync(rows, unsettled))
            {
                // One bad row must not lose the others: each on its own, in order.
                foreach (var single in rows)
                {
                    await TryWriteAsync([single], unsettled);
                }
            }

            foreach (var item in batch)
            {
                switch (item)
                {
                    case Finished finished:
                        _pending.TryRemove(finished.Record.Id, out _);
                        break;
                    case Flush flush:
                        flush.Written.TrySetResult();
                        break;
                }
            }

            batch.Clear();
        }

        // Every draw is settled: what the allowances have left goes back to the budgets.
        await budgets.ReturnAllowancesAsync();
    }

    private void Drain(List<Item> batch)
    {
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }
    }

    /// <summary>
    /// Settles the batch's holds in the budget store, all at once. Returns the requests whose settlement may have
    /// failed: their reservation rows stay open, so the stale-reservation job settles them later, in the database at
    /// their estimate (in the store, a hold already settled is not charged again).
    /// </summary>
    private async Task<HashSet<Guid>> SettleHoldsAsync(IEnumerable<Finished> finished)
    {
        var settling = finished.Where(f => f.Settlement is not null).Select(f => f.Settlement!).ToList();
        if (settling.Count == 0)
        {
            return [];
        }

        try
        {
            await budgets.SettleAsync(settling);
            return [];
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogSettleFailed(logger, exception, settling.Count);
            return [.. settling.Select(s => s.RequestId)];
        }
    }

    private async Task<bool> TryWriteAsync(IReadOnlyList<Item> rows, HashSet<Guid> unsettled)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>();
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async _ => await WriteAsync(db, rows, unsettled), CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LogWriteFailed(logger, exception, rows.Count);
            return false;
        }
    }

    private static async Task WriteAsync(AiRoutingDbContext db, IReadOnlyList<Item> rows, HashSet<Guid> unsettled)
    {
        var settled = rows.OfType<Finished>().Where(f => f.Settlement is not null && !unsettled.Contains(f.Record.Id)).ToDictionary(f => f.Record.Id);
        db.Requests.AddRange(rows.OfType<Finished>().Select(f => f.Record));

        // A reservation in the same batch as its answer is written settled; an earlier one is read and marked.
        var reservations = rows.OfType<Reserved>().Select(r => r.Reservation).ToList();
        db.Reservations.AddRange(reservations);
        var earlier = settled.Keys.Except(reservations.Select(r => r.RequestId)).ToList();
        if (earlier.Count > 0)
        {
            reservations.AddRange(await db.Reservations.Where(r => earlier.Contains(r.RequestId) && r.SettledAt == null).ToListAsync(CancellationToken.None));
        }

        foreach (var reservation in reservations)
        {
            if (settled.TryGetValue(reservation.RequestId, out var run))
            {
                reservation.SettledAt = run.Record.CompletedAt;
                reservation.SettledMicros = run.Settlement!.ActualMicros;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} AI request rows could not be recorded; open reservations are settled at their estimate later")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The budget holds of {Count} AI requests could not be settled; they are settled at their estimate later")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, int count);

    private abstract record Item;

    private sealed record Reserved(BudgetReservation Reservation) : Item;

    private sealed record Finished(AiRequestRecord Record, BudgetSettlement? Settlement) : Item;

    private sealed record Flush(TaskCompletionSource Written) : Item;
}
