using System.Globalization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>The default budgets, every agent's and team's own limit, and what each has spent and holds reserved today and this month.</summary>
internal static class ListBudgets
{
    public sealed record Query : IQuery<ErrorOr<Budgets>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    public sealed record Budgets(Limits AgentDefault, Limits TeamDefault, IReadOnlyList<Line> Set, IReadOnlyList<Use> InUse);

    public sealed record Limits(decimal DailyUsd, decimal MonthlyUsd);

    public sealed record Line(string Scope, Guid ScopeId, decimal DailyUsd, decimal MonthlyUsd);

    /// <param name="Counter">Such as <c>agent:{id}:day:2026-11-26</c>.</param>
    public sealed record Use(string Counter, decimal SpentUsd, decimal ReservedUsd);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(AiRoutingDbContext db, IOptions<AiRoutingOptions> options, TimeProvider time) : IQueryHandler<Query, ErrorOr<Budgets>>
    {
        public async ValueTask<ErrorOr<Budgets>> Handle(Query query, CancellationToken cancellationToken)
        {
            var defaults = options.Value.Budgets;
            var set = await db.Budgets.AsNoTracking().OrderBy(b => b.Scope).ThenBy(b => b.ScopeId)
                .Select(b => new { b.Scope, b.ScopeId, b.DailyLimitMicros, b.MonthlyLimitMicros })
                .ToListAsync(cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var day = ":day:" + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var month = ":month:" + today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            // From the reservation rows, the durable truth (the counters in the store are only those in use lately).
            var monthStart = new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var rows = await db.Reservations.AsNoTracking()
                .Where(r => r.CreatedAt >= monthStart.AddDays(-1))
                .Select(r => new { r.CounterKeys, r.AmountMicros, r.SettledMicros })
                .ToListAsync(cancellationToken);
            var counters = rows
                .SelectMany(r => r.CounterKeys.Select(key => (Key: key, Spent: r.SettledMicros ?? 0, Reserved: r.SettledMicros is null ? r.AmountMicros : 0)))
                .Where(c => c.Key.EndsWith(day, StringComparison.Ordinal) || c.Key.EndsWith(month, StringComparison.Ordinal))
                .GroupBy(c => c.Key, StringComparer.Ordinal)
                .Select(g => new Use(g.Key, Micros.ToUsd(g.Sum(c => c.Spent)), Micros.ToUsd(g.Sum(c => c.Reserved))))
                .OrderBy(u => u.Counter, StringComparer.Ordinal)
                .Take(1000)
                .ToList();
            return new Budgets(
                new Limits(defaults.AgentDailyUsd, defaults.AgentMonthlyUsd),
                new Limits(defaults.TeamDailyUsd, defaults.TeamMonthlyUsd),
                [.. set.Select(b => new Line(b.Scope.ToString().ToLowerInvariant(), b.ScopeId, Micros.ToUsd(b.DailyLimitMicros), Micros.ToUsd(b.MonthlyLimitMicros)))],
                counters);
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapGet("/budgets", async Task<Results<Ok<Budgets>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListAiBudgets")
            .WithSummary("Lists the AI budgets and what is spent and reserved today and this month (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
