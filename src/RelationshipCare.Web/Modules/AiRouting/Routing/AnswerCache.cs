using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>A cached answer: what the model said and which model said it. Immutable, so a hit is not a deserialized copy.</summary>
[ImmutableObject(true)]
internal sealed record CachedAnswer(string Content, string Model, string Provider, string Tier, int CompletionTokens);

/// <summary>
/// Exact-match answer cache. The key hashes the model, the normalized messages, every parameter sent to the model
/// and the scope: always the agent, and the client when the request is about one. So an answer is never served to
/// another agent, nor built on one client's data for a question about another. Entries are tagged by agent and
/// client, so erasing a client's data purges every answer built on it.
/// </summary>
internal sealed partial class AnswerCache(HybridCache cache, ILogger<AnswerCache> logger)
{
    private const string AllTag = "ai:answers";

    private static readonly HybridCacheEntryOptions LookupOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public static string ClientTag(Guid clientId) => $"ai:client:{clientId:N}";

    public static string KeyFor(AiAsk ask, AiCaller caller, string model, int maxOutputTokens)
    {
        var text = new StringBuilder(256)
            .Append("v1|agent=").Append(caller.AgentId.ToString("N"))
            .Append("|client=").Append(ask.ClientId?.ToString("N") ?? "-")
            .Append("|model=").Append(model)
            .Append("|max=").Append(maxOutputTokens.ToString(CultureInfo.InvariantCulture))
            .Append("|temp=").Append(ask.Temperature?.ToString("R", CultureInfo.InvariantCulture) ?? "-");
        foreach (var message in ask.Messages)
        {
            text.Append('|').Append(message.Role.ToLowerInvariant()).Append('=');
            AppendNormalized(text, message.Content);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return "ai:answer:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static IReadOnlyList<string> TagsFor(AiAsk ask, AiCaller caller) =>
        ask.ClientId is { } clientId ? [AllTag, $"ai:agent:{caller.AgentId:N}", ClientTag(clientId)] : [AllTag, $"ai:agent:{caller.AgentId:N}"];

    public async ValueTask<CachedAnswer?> FindAsync(string key, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync<CachedAnswer?>(key, _ => ValueTask.FromResult<CachedAnswer?>(null), LookupOnly, cancellationToken: cancellationToken);

    public async ValueTask StoreAsync(string key, CachedAnswer answer, TimeSpan lifetime, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        await cache.SetAsync(key, answer, new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime }, tags, cancellationToken);

    /// <summary>
    /// Stores an answer without waiting for the shared cache's round trip: this instance's memory has it at once, the
    /// other instances a moment later. The entry is dated now, so a purge of its tags that comes after this call still
    /// removes it, however late its shared copy lands.
    /// </summary>
    public void Store(string key, CachedAnswer answer, TimeSpan lifetime, IReadOnlyList<string> tags)
    {
        var stored = StoreAsync(key, answer, lifetime, tags, CancellationToken.None);
        if (!stored.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(stored);
        }
    }

    public async ValueTask PurgeClientAsync(Guid clientId, CancellationToken cancellationToken) =>
        await cache.RemoveByTagAsync(ClientTag(clientId), cancellationToken);

    private async Task ObserveAsync(ValueTask stored)
    {
        try
        {
            await stored;
        }
        catch (Exception exception)
        {
            // Nobody awaits this store: whatever went wrong is reported here, or never.
            LogShareFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An AI answer could not be shared with the other instances' caches")]
    private static partial void LogShareFailed(ILogger logger, Exception exception);

    /// <summary>Trimmed, with every run of whitespace as one space: the same question typed twice hits the same entry.</summary>
    private static void AppendNormalized(StringBuilder text, string content)
    {
        var pendingSpace = false;
        foreach (var c in content.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
        }
    }
}
