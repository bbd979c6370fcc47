using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>The expensive requests waiting for my decision (a lead: my team's; an admin: everyone's), oldest first.</summary>
internal static class ListApprovals
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<Pending>>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.TeamLead;
    }

    public sealed record Pending(Guid RequestId, Guid AgentId, string AgentName, string Model, decimal EstimatedCostUsd, string Question, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(AiRoutingDbContext db, ICurrentAgent agent, ISender sender) : IQueryHandler<Query, ErrorOr<IReadOnlyList<Pending>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<Pending>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var me = agent.Id;
            var admin = agent.IsAdmin;
            var approvals = await db.Approvals.AsNoTracking()
                .Where(a => a.Status == ApprovalStatus.Pending && (admin || a.LeadId == me))
                .OrderBy(a => a.RequestedAt)
                .Take(200)
                .ToListAsync(cancellationToken);
            var names = new Dictionary<Guid, string>();
            foreach (var agentId in approvals.Select(a => a.AgentId).Distinct())
            {
                var snapshot = await sender.Send(new GetAgent(agentId), cancellationToken);
                names[agentId] = snapshot.IsError ? "Unknown agent" : snapshot.Value.FullName;
            }

            return approvals
                .Select(a => new Pending(a.RequestId, a.AgentId, names[a.AgentId], a.Model, Micros.ToUsd(a.EstimatedCostMicros), a.PromptPreview, a.RequestedAt, a.ExpiresAt))
                .ToList();
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapGet("/approvals", async Task<Results<Ok<IReadOnlyList<Pending>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListAiApprovals")
            .WithSummary("Lists the expensive AI requests waiting for my decision (team leads and admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
