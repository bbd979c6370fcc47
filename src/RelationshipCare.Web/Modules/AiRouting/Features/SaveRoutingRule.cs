using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>An admin sets a tier's chain of models: the first answers, the others take over when its provider is down.</summary>
internal static class SaveRoutingRule
{
    public sealed record Command : ICommand<ErrorOr<Success>>, IAuthorizedRequest
    {
        /// <summary>From the route.</summary>
        [JsonIgnore]
        public string Tier { get; init; } = "";

        public IReadOnlyList<string> Models { get; init; } = [];

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Tier).Must(t => AiRequestTypes.All.Contains(t)).WithMessage($"Must be one of: {string.Join(", ", AiRequestTypes.All)}.");
            RuleFor(c => c.Models).NotEmpty().WithMessage("Name at least one model.")
                .Must(m => m.Count <= 10).WithMessage("Name at most 10 models.")
                .Must(m => m.Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Count).WithMessage("Name each model once.");
        }
    }

    internal sealed class Handler(AiRoutingDbContext db, ModelCatalogue catalogue, TimeProvider time, UnitOfWork unitOfWork) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var snapshot = await catalogue.GetAsync(cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var unpriced = command.Models.Where(name => snapshot.Find(name)?.PriceOn(today) is null).ToList();
            if (unpriced.Count > 0)
            {
                return Error.Validation("Models", $"Not in the catalogue with a price today: {string.Join(", ", unpriced)}. A model without a price cannot be routed to.");
            }

            var rule = await db.RoutingRules.SingleOrDefaultAsync(r => r.Tier == command.Tier, cancellationToken);
            if (rule is null)
            {
                rule = new AiRoutingRule { Tier = command.Tier };
                db.RoutingRules.Add(rule);
            }

            rule.Models = [.. command.Models.Select(name => snapshot.Find(name)!.Name)];
            unitOfWork.AfterCommit(() =>
            {
                catalogue.Invalidate();
                return Task.CompletedTask;
            });
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapPut("/rules/{tier}", async Task<Results<NoContent, ProblemHttpResult>> (string tier, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { Tier = tier }, ct)).ToNoContent())
            .WithName("SaveAiRoutingRule")
            .WithSummary("Sets a tier's chain of models (admins); every model must be in the catalogue with a price.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
