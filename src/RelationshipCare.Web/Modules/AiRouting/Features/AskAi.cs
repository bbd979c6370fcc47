using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// An agent asks the AI a question (the seed's <c>AIRequest</c>): answered from the cache, parked for the lead's
/// approval, or reserved and run. The assistant page sends the same request and streams the answer.
/// </summary>
internal static class AskAi
{
    public sealed record Command : AiQuestion, ICommand<ErrorOr<AiPlan>>
    {
        internal string Channel { get; init; } = "api";

        public AiAsk ToAsk() => ToAsk(Channel);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new AiQuestionRules());
    }

    internal sealed class Handler(AiRouter router, ICurrentAgent agent) : ICommandHandler<Command, ErrorOr<AiPlan>>
    {
        public async ValueTask<ErrorOr<AiPlan>> Handle(Command command, CancellationToken cancellationToken) =>
            await router.PlanAsync(command.ToAsk(), agent.Id, cancellationToken);
    }

    /// <summary>A request parked for approval, as the API answers it.</summary>
    /// <param name="LeadNotified">False when the agent has no team lead: then an admin decides.</param>
    public sealed record Parked(Guid RequestId, string Status, string Model, decimal EstimatedCostUsd, bool LeadNotified, string Message);

    public static Parked ToParked(AiPlan.Parked parked) => new(parked.RequestId, "awaiting_approval", parked.Model, Micros.ToUsd(parked.EstimateMicros), parked.LeadNotified,
        $"Estimated at {AiRoutingErrors.Usd(parked.EstimateMicros)}, above the approval threshold: it runs once your team lead approves it. Follow it at /api/ai/requests/{parked.RequestId}.");

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapPost("/requests", async Task<Results<Ok<AiAnswer>, Accepted<Parked>, ProblemHttpResult>> (Command command, ISender sender, AiExecutor executor, CancellationToken ct) =>
            {
                var plan = await sender.Send(command with { Channel = "api" }, ct);
                if (plan.IsError)
                {
                    return plan.Errors.ToProblem();
                }

                switch (plan.Value)
                {
                    case AiPlan.Cached cached:
                        return TypedResults.Ok(cached.Answer);
                    case AiPlan.Parked parked:
                        return TypedResults.Accepted($"/api/ai/requests/{parked.RequestId}", ToParked(parked));
                    default:
                        var answer = await executor.RunAsync(((AiPlan.Ready)plan.Value).Run);
                        return answer.Status == "failed" ? new List<Error> { AiRoutingErrors.Unanswered(answer.Error) }.ToProblem() : TypedResults.Ok(answer);
                }
            })
            .WithName("AskAi")
            .WithSummary("Asks the AI: answered (from the cache or a model), or parked for the team lead's approval (202).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
