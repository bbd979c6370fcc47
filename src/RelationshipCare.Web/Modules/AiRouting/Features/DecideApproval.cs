using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// The agent's team lead (or an admin) approves an expensive request, which then runs in the background, or denies
/// it with a reason. Exactly one decision wins: a second one, or one after the expiry, is refused.
/// </summary>
internal static class DecideApproval
{
    public sealed record Command : ICommand<ErrorOr<Decision>>, IAuthorizedRequest
    {
        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid RequestId { get; init; }

        /// <summary>From the route: approve or deny.</summary>
        [JsonIgnore]
        public bool Approve { get; init; }

        /// <summary>Why (required to deny: the agent is told).</summary>
        public string? Reason { get; init; }

        public static string Policy => AppPolicies.TeamLead;
    }

    public sealed record Decision(Guid RequestId, string Status, string? Reason);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.RequestId).NotEmpty();
            RuleFor(c => c.Reason).NotEmpty().When(c => !c.Approve).WithMessage("Say why you deny it: the agent is told.");
            RuleFor(c => c.Reason).MaximumLength(500);
        }
    }

    internal sealed class Handler(AiRoutingDbContext db, ICurrentAgent agent, IBackgroundJobClient jobs, AiNotifier notifier, UnitOfWork unitOfWork, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<Decision>>
    {
        public async ValueTask<ErrorOr<Decision>> Handle(Command command, CancellationToken cancellationToken)
        {
            var approval = await db.Approvals.AsNoTracking().SingleOrDefaultAsync(a => a.RequestId == command.RequestId, cancellationToken);
            if (approval is null)
            {
                return AiRoutingErrors.ApprovalNotFound(command.RequestId);
            }

            if (!agent.IsAdmin && approval.LeadId != agent.Id)
            {
                return AiRoutingErrors.NotTheLead;
            }

            var now = time.GetUtcNow();
            var me = agent.Id;
            var status = command.Approve ? ApprovalStatus.Approved : ApprovalStatus.Denied;
            var reason = command.Reason?.Trim();
            // The conditional update is the one decision: a concurrent decision or the expiry job finds it no longer pending.
            var decided = await db.Approvals
                .Where(a => a.RequestId == command.RequestId && a.Status == ApprovalStatus.Pending && a.ExpiresAt > now)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.Status, status)
                    .SetProperty(a => a.Reason, reason)
                    .SetProperty(a => a.DecidedBy, me)
                    .SetProperty(a => a.DecidedAt, now), cancellationToken);
            if (decided == 0)
            {
                return AiRoutingErrors.ApprovalDecided;
            }

            var requestStatus = command.Approve ? AiRequestStatus.Approved : AiRequestStatus.Denied;
            var error = command.Approve ? null : $"Denied by your team lead: {reason}";
            await db.Requests.Where(r => r.Id == command.RequestId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, requestStatus)
                    .SetProperty(r => r.Error, error)
                    .SetProperty(r => r.Payload, r => command.Approve ? r.Payload : null)
                    .SetProperty(r => r.CompletedAt, r => command.Approve ? r.CompletedAt : now), cancellationToken);

            unitOfWork.AfterCommit(async () =>
            {
                if (command.Approve)
                {
                    jobs.Enqueue<RunApprovedRequest.Job>(job => job.RunAsync(command.RequestId, CancellationToken.None));
                    await notifier.PublishAsync(approval.AgentId, new AiNotice(AiNoticeKind.Approved, command.RequestId, "Your team lead approved your AI request; it is running."));
                }
                else
                {
                    await notifier.PublishAsync(approval.AgentId, new AiNotice(AiNoticeKind.Denied, command.RequestId, $"Your team lead denied your AI request: {reason}"));
                }
            });

            return new Decision(command.RequestId, AiRequestView.StatusName(requestStatus), reason);
        }
    }

    public static void Map(IEndpointRouteBuilder ai)
    {
        ai.MapPost("/approvals/{id:guid}/approve", async Task<Results<Ok<Decision>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct, Command? command) =>
                (await sender.Send((command ?? new Command()) with { RequestId = id, Approve = true }, ct)).ToOk())
            .WithName("ApproveAiRequest")
            .WithSummary("Approves an expensive AI request of my team (team leads and admins); it then runs in the background.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        ai.MapPost("/approvals/{id:guid}/deny", async Task<Results<Ok<Decision>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { RequestId = id, Approve = false }, ct)).ToOk())
            .WithName("DenyAiRequest")
            .WithSummary("Denies an expensive AI request of my team with a reason the agent is told (team leads and admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
