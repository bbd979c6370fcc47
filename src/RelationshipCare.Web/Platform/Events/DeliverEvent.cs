using System.Text.Json;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>
/// Hands one claimed delivery to its handler, as a command: the handler's changes, its inbox entry and the removal of
/// the delivery commit together, so a delivery is handled once however often it is tried. A handler that throws rolls
/// all of it back and the attempt is recorded (<see cref="RecordFailure"/>) for a later retry.
/// </summary>
internal static class DeliverEvent
{
    public sealed record Command(long DeliveryId) : ICommand<ErrorOr<Success>>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.DeliveryId).GreaterThan(0);
    }

    internal sealed class Handler(OutboxDbContext db, EventRoutes routes, IServiceProvider services, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == command.DeliveryId && d.Status == DeliveryStatus.Pending, cancellationToken);
            if (delivery is null)
            {
                // Handled or discarded meanwhile.
                return Result.Success;
            }

            var handled = await db.Inbox.AnyAsync(i => i.Handler == delivery.Handler && i.MessageId == delivery.MessageId, cancellationToken);
            if (!handled)
            {
                var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == delivery.MessageId, cancellationToken);
                if (routes.Find(message.Type, delivery.Handler) is not { } route)
                {
                    return Error.Failure("outbox.no-handler", $"No handler {delivery.Handler} for {message.Type} is registered in this version.");
                }

                try
                {
                    var @event = JsonSerializer.Deserialize(message.Payload, route.Event, EventRoutes.Json)!;
                    await route.Invoke(services, @event, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    return Error.Failure("outbox.handler-failed", $"{e.GetType().Name}: {e.Message}");
                }

                db.Inbox.Add(new InboxEntry { Handler = delivery.Handler, MessageId = delivery.MessageId, HandledAt = time.GetUtcNow() });
            }

            db.Deliveries.Remove(delivery);
            return Result.Success;
        }
    }

    /// <summary>A failed attempt: tried again after a growing delay, or kept as a dead letter after the last one.</summary>
    public sealed record RecordFailure(long DeliveryId, string Error) : ICommand<ErrorOr<DeliveryStatus>>;

    internal sealed class RecordFailureValidator : AbstractValidator<RecordFailure>
    {
        public RecordFailureValidator()
        {
            RuleFor(c => c.DeliveryId).GreaterThan(0);
            RuleFor(c => c.Error).NotEmpty();
        }
    }

    internal sealed class RecordFailureHandler(OutboxDbContext db, IOptions<OutboxOptions> options, TimeProvider time)
        : ICommandHandler<RecordFailure, ErrorOr<DeliveryStatus>>
    {
        private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(30);

        public async ValueTask<ErrorOr<DeliveryStatus>> Handle(RecordFailure command, CancellationToken cancellationToken)
        {
            var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == command.DeliveryId, cancellationToken);
            if (delivery is null)
            {
                return DeliveryStatus.Pending;
            }

            delivery.Attempts++;
            delivery.LastError = command.Error.Length <= 2000 ? command.Error : command.Error[..2000];
            delivery.NextAttemptAt = time.GetUtcNow() + RetrySchedule.Delay(delivery.Attempts, FirstRetry, LongestRetry);
            delivery.Status = delivery.Attempts >= options.Value.MaxAttempts ? DeliveryStatus.Dead : DeliveryStatus.Pending;
            return delivery.Status;
        }
    }
}
