using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.Teams.Features;

/// <summary>
/// One agent's profile, and the signed-in agent's own ("me"). Other modules ask for agents on most requests, so
/// profiles are cached; every directory command names <see cref="CacheTags"/> and clears them when it commits.
/// </summary>
internal static class GetAgentProfile
{
    public static readonly IReadOnlyList<string> CacheTags = ["teams:agents"];

    private static readonly HybridCacheEntryOptions CacheEntry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        // Another instance's change reaches this one's memory within this time.
        LocalCacheExpiration = TimeSpan.FromSeconds(30),
    };

    internal sealed class Validator : AbstractValidator<GetAgent>
    {
        public Validator() => RuleFor(q => q.AgentId).NotEmpty();
    }

    /// <summary>The DbContext is resolved only on a miss: building one costs more than the cached profile.</summary>
    internal sealed class Handler(IServiceProvider services, HybridCache cache) : IQueryHandler<GetAgent, ErrorOr<AgentSnapshot>>
    {
        public async ValueTask<ErrorOr<AgentSnapshot>> Handle(GetAgent query, CancellationToken cancellationToken)
        {
            var agent = await cache.GetOrCreateAsync(
                $"teams:agent:{query.AgentId}",
                (services, query.AgentId),
                static async (state, ct) =>
                {
                    var db = state.services.GetRequiredService<TeamsDbContext>();
                    return await db.Snapshots(db.Agents.Where(a => a.Id == state.AgentId)).SingleOrDefaultAsync(ct);
                },
                CacheEntry,
                CacheTags,
                cancellationToken);
            return agent is null ? TeamsErrors.AgentNotFound(query.AgentId) : agent;
        }
    }

    public static void Map(IEndpointRouteBuilder teams)
    {
        teams.MapGet("/agents/me", async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> (ICurrentAgent me, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new GetAgent(me.Id), ct);
                return result.IsError && result.FirstError.Type == ErrorType.NotFound ? new List<Error> { TeamsErrors.NotAnAgent }.ToProblem() : result.ToOk();
            })
            .WithName("GetMyAgentProfile")
            .WithSummary("Your own agent profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        teams.MapGet("/agents/{id:guid}", async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetAgent(id), ct)).ToOk())
            .WithName("GetAgent")
            .WithSummary("One agent's profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
