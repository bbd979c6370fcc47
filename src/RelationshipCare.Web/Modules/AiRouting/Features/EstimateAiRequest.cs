using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>What a request would cost and whether it needs approval, before it is sent (nothing is reserved or run).</summary>
internal static class EstimateAiRequest
{
    public sealed record Query : AiQuestion, IQuery<ErrorOr<Estimate>>;

    /// <param name="EstimatedCostUsd">The most it can cost: the prompt and the longest answer allowed, at the model's price.</param>
    public sealed record Estimate(string Model, string Tier, int PromptTokens, decimal EstimatedCostUsd, bool NeedsApproval);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new AiQuestionRules());
    }

    internal sealed class Handler(AiRouter router, ICurrentAgent agent) : IQueryHandler<Query, ErrorOr<Estimate>>
    {
        public async ValueTask<ErrorOr<Estimate>> Handle(Query query, CancellationToken cancellationToken)
        {
            var estimate = await router.EstimateAsync(query.ToAsk("api"), agent.Id, cancellationToken);
            return estimate.IsError
                ? estimate.Errors
                : new Estimate(estimate.Value.Model, estimate.Value.Tier, estimate.Value.PromptTokens, Micros.ToUsd(estimate.Value.EstimateMicros), estimate.Value.NeedsApproval);
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapPost("/estimate", async Task<Results<Ok<Estimate>, ProblemHttpResult>> (Query request, ISender sender, CancellationToken ct) =>
                (await sender.Send(request, ct)).ToOk())
            .WithName("EstimateAiRequest")
            .WithSummary("Estimates what an AI request would cost and whether it needs approval, without sending it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
