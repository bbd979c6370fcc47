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

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>An admin sets an agent's or a team's own daily and monthly AI limits (in dollars); they apply from the next request.</summary>
internal static class SaveBudget
{
    public sealed record Command : ICommand<ErrorOr<Success>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [BudgetLedger.OverridesTag];

        /// <summary>From the route: <c>agent</c> or <c>team</c>.</summary>
        [JsonIgnore]
        public string Scope { get; init; } = "";

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ScopeId { get; init; }

        public decimal DailyUsd { get; init; }

        public decimal MonthlyUsd { get; init; }

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Scope).Must(s => s is "agent" or "team").WithMessage("Must be 'agent' or 'team'.");
            RuleFor(c => c.ScopeId).NotEmpty();
            RuleFor(c => c.DailyUsd).InclusiveBetween(0, 1_000_000);
            RuleFor(c => c.MonthlyUsd).InclusiveBetween(0, 10_000_000)
                .GreaterThanOrEqualTo(c => c.DailyUsd).WithMessage("Must be at least the daily limit.");
        }
    }

    internal sealed class Handler(AiRoutingDbContext db) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope == "agent" ? BudgetScope.Agent : BudgetScope.Team;
            var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Scope == scope && b.ScopeId == command.ScopeId, cancellationToken);
            if (budget is null)
            {
                budget = new AiBudget { Scope = scope, ScopeId = command.ScopeId };
                db.Budgets.Add(budget);
            }

            budget.DailyLimitMicros = Micros.FromUsd(command.DailyUsd);
            budget.MonthlyLimitMicros = Micros.FromUsd(command.MonthlyUsd);
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapPut("/budgets/{scope}/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string scope, Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { Scope = scope, ScopeId = id }, ct)).ToNoContent())
            .WithName("SaveAiBudget")
            .WithSummary("Sets an agent's or a team's daily and monthly AI limits in dollars (admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
