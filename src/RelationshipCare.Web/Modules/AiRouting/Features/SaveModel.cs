using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>An admin adds a model to the catalogue, re-prices it from a date, or disables it. A model without a price is refused.</summary>
internal static class SaveModel
{
    public sealed record Command : ICommand<ErrorOr<Success>>, IAuthorizedRequest
    {
        /// <summary>From the route.</summary>
        [JsonIgnore]
        public string Name { get; init; } = "";

        public string Provider { get; init; } = "";

        public int ContextWindow { get; init; }

        public int MaxOutputTokens { get; init; }

        public decimal? InputPerMillion { get; init; }

        public decimal? OutputPerMillion { get; init; }

        /// <summary>The input price when the provider gives no discount for cached input.</summary>
        public decimal? CachedInputPerMillion { get; init; }

        public DateOnly? PriceEffectiveFrom { get; init; }

        public bool Enabled { get; init; } = true;

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            const string Unpriced = "A model without a price cannot be routed to: give its price per million tokens.";
            RuleFor(c => c.Name).NotEmpty().MaximumLength(100)
                .NotEqual(LocalModel.Name).WithMessage("The built-in local model cannot be edited.");
            RuleFor(c => c.Provider).NotEmpty().MaximumLength(50);
            RuleFor(c => c.ContextWindow).InclusiveBetween(1, 10_000_000);
            RuleFor(c => c.MaxOutputTokens).InclusiveBetween(1, 1_000_000);
            RuleFor(c => c.InputPerMillion).NotNull().WithMessage(Unpriced).GreaterThanOrEqualTo(0);
            RuleFor(c => c.OutputPerMillion).NotNull().WithMessage(Unpriced).GreaterThanOrEqualTo(0);
            RuleFor(c => c.CachedInputPerMillion).GreaterThanOrEqualTo(0);
            RuleFor(c => c.PriceEffectiveFrom).NotNull().WithMessage("Say from which day the price applies.");
        }
    }

    internal sealed class Handler(AiRoutingDbContext db, ModelCatalogue catalogue, UnitOfWork unitOfWork) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var entry = await db.Models.SingleOrDefaultAsync(m => m.Name == command.Name, cancellationToken);
            if (entry is null)
            {
                entry = new AiModelEntry { Name = command.Name, Provider = command.Provider };
                db.Models.Add(entry);
            }

            entry.Provider = command.Provider;
            entry.ContextWindow = command.ContextWindow;
            entry.MaxOutputTokens = command.MaxOutputTokens;
            entry.InputPerMillion = command.InputPerMillion!.Value;
            entry.OutputPerMillion = command.OutputPerMillion!.Value;
            entry.CachedInputPerMillion = command.CachedInputPerMillion ?? command.InputPerMillion.Value;
            entry.PriceEffectiveFrom = command.PriceEffectiveFrom!.Value;
            entry.Enabled = command.Enabled;
            unitOfWork.AfterCommit(() =>
            {
                catalogue.Invalidate();
                return Task.CompletedTask;
            });
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapPut("/models/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { Name = name }, ct)).ToNoContent())
            .WithName("SaveAiModel")
            .WithSummary("Adds, re-prices or disables a model of the catalogue (admins). A model without a price is refused.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
