using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>Where one of my AI requests stands: awaiting approval, denied (and why), or its answer and cost.</summary>
internal static class GetAiRequest
{
    public sealed record Query(Guid RequestId) : IQuery<ErrorOr<View>>;

    /// <param name="Reason">Why it was denied, expired or failed.</param>
    public sealed record View(
        Guid RequestId,
        string Status,
        string Type,
        string Tier,
        string Model,
        string Provider,
        string? Answer,
        decimal EstimatedCostUsd,
        decimal CostUsd,
        bool Cached,
        int PromptTokens,
        int CompletionTokens,
        int ProcessingTimeMs,
        string? Reason,
        DateTimeOffset CreatedAt,
        DateTimeOffset? CompletedAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.RequestId).NotEmpty();
    }

    internal sealed class Handler(AiRoutingDbContext db, AiRecordWriter writer, ICurrentAgent agent) : IQueryHandler<Query, ErrorOr<View>>
    {
        public async ValueTask<ErrorOr<View>> Handle(Query query, CancellationToken cancellationToken)
        {
            var me = agent.Id;
            var admin = agent.IsAdmin;
            var record = await db.Requests.AsNoTracking()
                .Where(r => r.Id == query.RequestId && (admin || r.AgentId == me))
                .SingleOrDefaultAsync(cancellationToken)
                ?? (writer.Pending(query.RequestId) is { } queued && (admin || queued.AgentId == me) ? queued : null);
            if (record is null)
            {
                return AiRoutingErrors.RequestNotFound(query.RequestId);
            }

            var reason = record.Error ?? await db.Approvals.Where(a => a.RequestId == record.Id).Select(a => a.Reason).SingleOrDefaultAsync(cancellationToken);
            return new View(record.Id, AiRequestView.StatusName(record.Status), record.RequestType, record.Tier, record.Model, record.Provider,
                record.Answer, Micros.ToUsd(record.EstimatedCostMicros), Micros.ToUsd(record.CostMicros), record.Cached,
                record.PromptTokens, record.CompletionTokens, record.ProcessingTimeMs, reason, record.CreatedAt, record.CompletedAt);
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapGet("/requests/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(id), ct)).ToOk())
            .WithName("GetAiRequest")
            .WithSummary("Where one of my AI requests stands: awaiting approval, denied, expired, or its answer and cost.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
