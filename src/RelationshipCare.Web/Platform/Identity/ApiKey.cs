using System.Security.Cryptography;
using System.Text;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>
/// A personal API key. Only its SHA-256 hash is stored: the key is shown once, when created. Keys carry
/// 240 random bits, so a fast hash is enough (no salt or stretching is needed for secrets that cannot be guessed).
/// </summary>
internal sealed class ApiKey
{
    public const string Prefix = "rc_";
    private const int SecretBytes = 30;

    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown so its owner can tell keys apart.</summary>
    public required string Hint { get; init; }

    public required string Hash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>A new random key in the form <c>rc_</c> followed by 40 URL-safe characters.</summary>
    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).Replace('+', '-').Replace('/', '_');

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string HintOf(string secret) => secret[..Math.Min(secret.Length, Prefix.Length + 6)] + "…";

    public static bool LooksLikeKey(string value) => value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length is > 10 and < 200;
}
