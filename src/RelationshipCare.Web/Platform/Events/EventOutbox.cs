using System.Text.Json;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>What a handler publishes integration events through: they are written when its unit of work commits.</summary>
public interface IEventPublisher
{
    void Publish(IIntegrationEvent @event);
}

/// <summary>
/// The scope's outbox: events published during a unit are written, with a delivery for each handler, just before the
/// unit commits (inside its transaction), and the dispatcher is woken once it has.
/// </summary>
internal sealed class EventOutbox(IServiceProvider services, EventRoutes routes, OutboxSignal signal, TimeProvider time)
    : IEventPublisher, IUnitOfWorkParticipant
{
    private readonly List<IIntegrationEvent> _pending = [];

    public void Publish(IIntegrationEvent @event) => _pending.Add(@event);

    public Task BeforeCommitAsync(UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        var written = false;
        foreach (var @event in _pending)
        {
            var type = @event.GetType();
            var name = EventRoutes.NameOf(type);
            var handlers = routes.For(name).ToList();
            if (handlers.Count == 0)
            {
                continue;
            }

            // Made only when there is something to write: most units publish nothing.
            var db = services.GetRequiredService<OutboxDbContext>();
            var message = new OutboxMessage
            {
                Id = Guid.CreateVersion7(now), Type = name, Subject = @event.Subject, CreatedAt = now,
                Payload = JsonSerializer.Serialize(@event, type, EventRoutes.Json),
            };
            db.Messages.Add(message);
            db.Deliveries.AddRange(handlers.Select(route => new OutboxDelivery
            {
                MessageId = message.Id, Handler = route.Handler, Subject = @event.Subject, Status = DeliveryStatus.Pending,
                NextAttemptAt = now, CreatedAt = now,
            }));
            written = true;
        }

        _pending.Clear();
        if (written)
        {
            unit.AfterCommit(() =>
            {
                signal.Notify();
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    public void Discard() => _pending.Clear();
}

/// <summary>Wakes this host's dispatcher when a unit has committed events.</summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the drain it starts takes this event too.
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);
}
