using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Tests.Infrastructure.Builders;

/// <summary>A personal API key as the host stores it (only the hash), with the secret kept for the test.</summary>
internal sealed record IssuedApiKey(Guid Id, string Secret);

/// <summary>Stores an API key for a person directly, in states the API would take time to reach (expired, revoked).</summary>
internal sealed class ApiKeyBuilder(Guid ownerId)
{
    private DateTimeOffset? _expiresAt;
    private DateTimeOffset? _revokedAt;

    public ApiKeyBuilder ExpiredAt(DateTimeOffset at)
    {
        _expiresAt = at;
        return this;
    }

    public ApiKeyBuilder RevokedAt(DateTimeOffset at)
    {
        _revokedAt = at;
        return this;
    }

    public async Task<IssuedApiKey> SaveAsync(IServiceProvider services)
    {
        var secret = ApiKey.NewSecret();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = ownerId,
            Name = "Test key",
            Hint = ApiKey.HintOf(secret),
            Hash = ApiKey.HashOf(secret),
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = _expiresAt,
            RevokedAt = _revokedAt,
        };

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new IssuedApiKey(key.Id, secret);
    }
}
