using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>Every minute: parked requests nobody decided in time expire, and their agents are told why.</summary>
internal static class ExpireApprovals
{
    public sealed record Command : ICommand<ErrorOr<int>>;

    internal sealed class Validator : AbstractValidator<Command>;

    internal sealed class Handler(AiRoutingDbContext db, AiNotifier notifier, UnitOfWork unitOfWork, TimeProvider time) : ICommandHandler<Command, ErrorOr<int>>
    {
        public async ValueTask<ErrorOr<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var due = await db.Approvals.AsNoTracking()
                .Where(a => a.Status == ApprovalStatus.Pending && a.ExpiresAt <= now)
                .Select(a => new { a.RequestId, a.AgentId })
                .ToListAsync(cancellationToken);
            var expired = 0;
            foreach (var approval in due)
            {
                // Conditional, like a decision: a lead deciding at the same moment wins or loses cleanly.
                var changed = await db.Approvals
                    .Where(a => a.RequestId == approval.RequestId && a.Status == ApprovalStatus.Pending)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, ApprovalStatus.Expired).SetProperty(a => a.DecidedAt, now), cancellationToken);
                if (changed == 0)
                {
                    continue;
                }

                const string Reason = "Nobody decided on it in time; ask again or ask your team lead.";
                await db.Requests.Where(r => r.Id == approval.RequestId)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(r => r.Status, AiRequestStatus.Expired)
                        .SetProperty(r => r.Error, Reason)
                        .SetProperty(r => r.Payload, (string?)null)
                        .SetProperty(r => r.CompletedAt, now), cancellationToken);
                unitOfWork.AfterCommit(() => notifier.PublishAsync(approval.AgentId, new AiNotice(AiNoticeKind.Expired, approval.RequestId, $"Your AI request expired: {Reason}")));
                expired++;
            }

            return expired;
        }
    }

    internal sealed class Job(ISender sender) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken) => await sender.Send(new Command(), cancellationToken);
    }
}
