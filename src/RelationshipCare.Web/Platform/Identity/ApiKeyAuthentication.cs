using System.ComponentModel;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>
/// What a valid API key stands for; cached so an authenticated API call costs no database read. Immutable, so the
/// cache hands out the one instance instead of deserializing a copy on every request.
/// </summary>
[ImmutableObject(true)]
internal sealed record ApiKeyIdentity(Guid KeyId, Guid UserId, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? ExpiresAt);

/// <summary>Finds the owner of an API key by the key's hash, through the cache.</summary>
internal sealed class ApiKeyResolver(IServiceScopeFactory scopes, HybridCache cache, TimeProvider time)
{
    private static readonly HybridCacheEntryOptions Entry = new()
    {
        Expiration = TimeSpan.FromMinutes(5),
        // Short locally: another instance's revocation reaches this one's memory within this time.
        LocalCacheExpiration = TimeSpan.FromSeconds(30),
    };

    public async ValueTask<ApiKeyIdentity?> ResolveAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKey.HashOf(secret);
        var identity = await cache.GetOrCreateAsync(
            CacheKey(hash),
            (hash, scopes, time),
            static async (state, ct) => await LoadAsync(state.hash, state.scopes, state.time, ct),
            Entry,
            cancellationToken: cancellationToken);

        if (identity is null || (identity.ExpiresAt is { } expires && expires <= time.GetUtcNow()))
        {
            return null;
        }

        return identity;
    }

    /// <summary>Drops keys from the cache once they are revoked or their owner is deactivated.</summary>
    public async Task ForgetAsync(IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in hashes)
        {
            await cache.RemoveAsync(CacheKey(hash), cancellationToken);
        }
    }

    private static string CacheKey(string hash) => $"apikey:{hash}";

    private static async Task<ApiKeyIdentity?> LoadAsync(string hash, IServiceScopeFactory scopes, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        if (key is null || !key.IsUsableAt(now))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == key.UserId, cancellationToken);
        if (user is null || (user.LockoutEnd is { } lockoutEnd && lockoutEnd > now))
        {
            return null;
        }

        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userRole.UserId == user.Id
                           select role.Name!).ToArrayAsync(cancellationToken);

        // Written when the key is read from the database, so at most once per cache period.
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(_ =>
        {
            key.LastUsedAt = now;
            return Task.CompletedTask;
        }, cancellationToken);
        return new ApiKeyIdentity(key.Id, user.Id, user.DisplayName, roles, key.ExpiresAt);
    }
}

/// <summary>Authenticates <c>Authorization: Bearer rc_...</c> with a personal API key.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyResolver resolver)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!ApiKey.LooksLikeKey(secret))
        {
            return AuthenticateResult.Fail("The bearer token is not a Relationship Care API key.");
        }

        var identity = await resolver.ResolveAsync(secret, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired, or its owner is deactivated.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, identity.UserId.ToString()),
            new(AppClaims.DisplayName, identity.DisplayName),
            new(AppClaims.ApiKeyId, identity.KeyId.ToString()),
            .. identity.Roles.Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name to the sign-in cookie, so pages need no lookup to greet the agent.</summary>
internal sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
