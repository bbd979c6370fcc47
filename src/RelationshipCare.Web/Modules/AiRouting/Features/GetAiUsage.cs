using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// What AI cost over the last days: spend per day by model and by agent, cache hit rate, requests per tier, p50/p95
/// latency per provider and the providers' health. Admins see everyone's; an agent sees their own.
/// </summary>
internal static class GetAiUsage
{
    public const int MaxDays = 92;

    public sealed record Query(int Days = 30) : IQuery<ErrorOr<Usage>>;

    public sealed record Usage(
        DateOnly From,
        DateOnly To,
        int Requests,
        decimal CostUsd,
        double CacheHitRate,
        IReadOnlyList<Spend> ByModel,
        IReadOnlyList<Spend> ByAgent,
        IReadOnlyList<TierCount> ByTier,
        IReadOnlyList<ProviderLatency> Latency,
        IReadOnlyList<ProviderState> Providers);

    /// <param name="Key">The model's name, or the agent's id.</param>
    public sealed record Spend(DateOnly Day, string Key, decimal CostUsd, int Requests);

    public sealed record TierCount(string Tier, int Requests, int Cached);

    public sealed record ProviderLatency(string Provider, int Requests, int P50Ms, int P95Ms);

    public sealed record ProviderState(string Provider, string Health, string? LastError, DateTimeOffset? LastErrorAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Days).InclusiveBetween(1, MaxDays);
    }

    internal sealed class Handler(AiRoutingDbContext db, ICurrentAgent agent, IAiProviders providers, TimeProvider time) : IQueryHandler<Query, ErrorOr<Usage>>
    {
        public async ValueTask<ErrorOr<Usage>> Handle(Query query, CancellationToken cancellationToken)
        {
            var to = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var from = to.AddDays(1 - query.Days);
            var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var me = agent.Id;
            var admin = agent.IsAdmin;
            var rows = await db.Requests.AsNoTracking()
                .Where(r => r.CreatedAt >= since && (admin || r.AgentId == me))
                .Where(r => r.Status == AiRequestStatus.Completed || r.Status == AiRequestStatus.Failed || r.Status == AiRequestStatus.Cancelled)
                .Select(r => new { r.CreatedAt, r.Model, r.Provider, r.AgentId, r.Tier, r.Cached, r.CostMicros, r.ProcessingTimeMs, r.Status })
                .ToListAsync(cancellationToken);

            var byModel = rows.GroupBy(r => (Day: DateOnly.FromDateTime(r.CreatedAt.UtcDateTime), r.Model))
                .Select(g => new Spend(g.Key.Day, g.Key.Model, Micros.ToUsd(g.Sum(r => r.CostMicros)), g.Count()))
                .OrderBy(s => s.Day).ThenBy(s => s.Key).ToList();
            var byAgent = rows.GroupBy(r => (Day: DateOnly.FromDateTime(r.CreatedAt.UtcDateTime), r.AgentId))
                .Select(g => new Spend(g.Key.Day, g.Key.AgentId.ToString(), Micros.ToUsd(g.Sum(r => r.CostMicros)), g.Count()))
                .OrderBy(s => s.Day).ThenBy(s => s.Key).ToList();
            var byTier = rows.GroupBy(r => r.Tier).Select(g => new TierCount(g.Key, g.Count(), g.Count(r => r.Cached))).OrderBy(t => t.Tier).ToList();
            // Latency of the providers' own answers: cache hits never reached one.
            var latency = rows.Where(r => !r.Cached && r.Status == AiRequestStatus.Completed).GroupBy(r => r.Provider)
                .Select(g =>
                {
                    var sorted = g.Select(r => r.ProcessingTimeMs).Order().ToArray();
                    return new ProviderLatency(g.Key, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95));
                })
                .OrderBy(l => l.Provider).ToList();
            var states = providers.Names.Order().Select(providers.GetStatus)
                .Select(s => new ProviderState(s.Provider, s.Health.ToString(), s.LastError, s.LastErrorAt)).ToList();
            var hitRate = rows.Count == 0 ? 0 : rows.Count(r => r.Cached) / (double)rows.Count;
            return new Usage(from, to, rows.Count, Micros.ToUsd(rows.Sum(r => r.CostMicros)), hitRate, byModel, byAgent, byTier, latency, states);
        }

        /// <summary>Nearest-rank percentile of sorted values.</summary>
        private static int Percentile(int[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapGet("/usage", async Task<Results<Ok<Usage>, ProblemHttpResult>> (ISender sender, CancellationToken ct, int days = 30) =>
                (await sender.Send(new Query(days), ct)).ToOk())
            .WithName("GetAiUsage")
            .WithSummary("AI spend per day by model and by agent, cache hit rate, requests per tier and latency per provider (admins: everyone's; agents: their own).")
            .ProducesValidationProblem();
}
