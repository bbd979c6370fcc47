using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>
/// Deliveries that failed every attempt, in the back office: an admin reads the error, then retries one (after fixing
/// the cause) or discards it. Both are commands, so both are audited.
/// </summary>
internal static class DeadLetters
{
    public sealed record DeadLetter(long Id, string EventType, string Handler, Guid Subject, int Attempts, string? LastError, DateTimeOffset PublishedAt, string Payload);

    public sealed record ListQuery : IQuery<ErrorOr<IReadOnlyList<DeadLetter>>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class ListValidator : AbstractValidator<ListQuery>;

    internal sealed class ListHandler(OutboxDbContext db) : IQueryHandler<ListQuery, ErrorOr<IReadOnlyList<DeadLetter>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<DeadLetter>>> Handle(ListQuery query, CancellationToken cancellationToken) =>
            await (from delivery in db.Deliveries.AsNoTracking()
                   join message in db.Messages.AsNoTracking() on delivery.MessageId equals message.Id
                   where delivery.Status == DeliveryStatus.Dead
                   orderby delivery.Id
                   select new DeadLetter(delivery.Id, message.Type, delivery.Handler, delivery.Subject, delivery.Attempts, delivery.LastError, message.CreatedAt, message.Payload))
                .Take(500)
                .ToListAsync(cancellationToken);
    }

    /// <summary>Retry (back in the queue, due now, attempts from zero) or discard (removed: its handler never gets it).</summary>
    public sealed record ResolveCommand(long Id, bool Retry) : ICommand<ErrorOr<Success>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class ResolveValidator : AbstractValidator<ResolveCommand>
    {
        public ResolveValidator() => RuleFor(c => c.Id).GreaterThan(0);
    }

    internal sealed class ResolveHandler(OutboxDbContext db, OutboxSignal signal, Data.UnitOfWork unitOfWork, TimeProvider time)
        : ICommandHandler<ResolveCommand, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(ResolveCommand command, CancellationToken cancellationToken)
        {
            var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == command.Id && d.Status == DeliveryStatus.Dead, cancellationToken);
            if (delivery is null)
            {
                return Error.NotFound("outbox.dead-letter-not-found", $"There is no dead letter {command.Id}: it was retried or discarded already.");
            }

            if (!command.Retry)
            {
                db.Deliveries.Remove(delivery);
                return Result.Success;
            }

            delivery.Status = DeliveryStatus.Pending;
            delivery.Attempts = 0;
            delivery.NextAttemptAt = time.GetUtcNow();
            unitOfWork.AfterCommit(() =>
            {
                signal.Notify();
                return Task.CompletedTask;
            });
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder outbox)
    {
        outbox.MapGet("/dead-letters", async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new ListQuery(), ct)).ToOk())
            .WithName("ListDeadLetters")
            .WithSummary("Integration event deliveries that failed every attempt (admins).");
        outbox.MapPost("/dead-letters/{id:long}/retry", async Task<Results<NoContent, ProblemHttpResult>> (long id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ResolveCommand(id, Retry: true), ct)).ToNoContent())
            .WithName("RetryDeadLetter")
            .WithSummary("Puts a dead letter back in the queue, due now (admins).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        outbox.MapDelete("/dead-letters/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ResolveCommand(id, Retry: false), ct)).ToNoContent())
            .WithName("DiscardDeadLetter")
            .WithSummary("Discards a dead letter: its handler never gets the event (admins).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
