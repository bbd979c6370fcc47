using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Platform.Identity.Features;

/// <summary>The signed-in agent's API keys, newest first. The secrets themselves are never stored, so never listed.</summary>
internal static class ListApiKeys
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<ApiKeySummary>>>;

    public sealed record ApiKeySummary(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(PlatformDbContext db, ICurrentAgent agent) : IQueryHandler<Query, ErrorOr<IReadOnlyList<ApiKeySummary>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<ApiKeySummary>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var keys = await db.ApiKeys.AsNoTracking()
                .Where(k => k.UserId == agent.Id)
                .Select(k => new ApiKeySummary(k.Id, k.Name, k.Hint, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
                .ToListAsync(cancellationToken);
            return keys.OrderByDescending(k => k.CreatedAt).ToList();
        }
    }

    public static void Map(IEndpointRouteBuilder account) =>
        account.MapGet("/api-keys", async Task<Results<Ok<IReadOnlyList<ApiKeySummary>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListApiKeys")
            .WithSummary("Lists your API keys (without their secrets).");
}
