using System.ComponentModel;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>
/// Answers <see cref="ListAgentsLedBy"/>. Asked on most client reads by leads, so it is cached with the agent
/// profiles: every directory command (team and agent changes) clears it when it commits.
/// </summary>
internal static class FindAgentsLedBy
{
    private static readonly HybridCacheEntryOptions CacheEntry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromSeconds(30),
    };

    internal sealed class Validator : AbstractValidator<ListAgentsLedBy>
    {
        public Validator() => RuleFor(q => q.LeadAgentId).NotEmpty();
    }

    /// <summary>The cached answer: immutable, so the cache hands out the one instance rather than a deserialized copy.</summary>
    [ImmutableObject(true)]
    internal sealed record LedAgents(IReadOnlyList<Guid> Ids);

    /// <summary>The DbContext is resolved only on a miss: building one costs more than the cached answer.</summary>
    internal sealed class Handler(IServiceProvider services, HybridCache cache) : IQueryHandler<ListAgentsLedBy, ErrorOr<IReadOnlyList<Guid>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<Guid>>> Handle(ListAgentsLedBy query, CancellationToken cancellationToken)
        {
            var led = await cache.GetOrCreateAsync(
                $"teams:led-by:{query.LeadAgentId}",
                (services, query.LeadAgentId),
                static async (state, ct) =>
                {
                    var db = state.services.GetRequiredService<TeamsDbContext>();
                    return new LedAgents(await db.Agents.AsNoTracking()
                        .Where(a => a.Id != state.LeadAgentId && db.Teams.Any(t => t.Id == a.TeamId && t.LeadAgentId == state.LeadAgentId))
                        .Select(a => a.Id)
                        .ToListAsync(ct));
                },
                CacheEntry,
                GetAgentProfile.CacheTags,
                cancellationToken);
            return ErrorOrFactory.From(led.Ids);
        }
    }
}
