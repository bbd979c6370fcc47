using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// Every ten minutes: a reservation still held an hour after it was taken belongs to a run its instance never
/// finished (it crashed or was killed). It is settled at its full estimate: the provider may have billed the whole
/// answer, and a budget must never read lower than what was spent.
/// </summary>
internal static class ReleaseStaleReservations
{
    public static readonly TimeSpan HeldAtMost = TimeSpan.FromHours(1);

    public sealed record Command : ICommand<ErrorOr<int>>;

    internal sealed class Validator : AbstractValidator<Command>;

    internal sealed class Handler(AiRoutingDbContext db, BudgetLedger ledger, TimeProvider time) : ICommandHandler<Command, ErrorOr<int>>
    {
        public async ValueTask<ErrorOr<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var cutoff = time.GetUtcNow() - HeldAtMost;
            var stale = await db.Reservations.AsNoTracking()
                .Where(r => r.SettledAt == null && r.CreatedAt < cutoff)
                .Select(r => new { r.RequestId, r.CounterKeys, r.AmountMicros })
                .ToListAsync(cancellationToken);
            foreach (var reservation in stale)
            {
                await ledger.SettleAsync(reservation.RequestId, reservation.CounterKeys, reservation.AmountMicros, cancellationToken);
            }

            return stale.Count;
        }
    }

    internal sealed class Job(ISender sender) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken) => await sender.Send(new Command(), cancellationToken);
    }
}
