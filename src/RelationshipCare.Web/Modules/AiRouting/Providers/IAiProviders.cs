using Microsoft.Extensions.AI;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// The AI providers this instance can call, by name: the built-in <c>local</c> provider (no key, no network, $0)
/// always, and each configured OpenAI-compatible or Anthropic endpoint. Every client runs behind its provider's
/// resilience pipeline (timeout, retry with jitter honouring Retry-After, circuit breaker) and reports the provider's
/// token usage: <see cref="ChatResponse.Usage"/>, or a <see cref="UsageContent"/> in the last streamed update.
/// </summary>
internal interface IAiProviders
{
    IReadOnlyCollection<string> Names { get; }

    /// <summary>
    /// A chat client for <paramref name="model"/> at <paramref name="provider"/>. Its calls throw
    /// <see cref="AiProviderUnavailableException"/> when the provider's circuit is open or it keeps failing, so the
    /// router can fall back to the next model.
    /// </summary>
    IChatClient GetChatClient(string provider, string model);

    /// <summary>The provider's health as the admins see it: breaker state and the last failure.</summary>
    AiProviderStatus GetStatus(string provider);
}

internal enum AiProviderHealth
{
    Healthy,
    Degraded,
    Open,
}

internal sealed record AiProviderStatus(string Provider, AiProviderHealth Health, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>The provider cannot answer now (circuit open, overloaded, rate limited past the retries, or down).</summary>
internal sealed class AiProviderUnavailableException(string provider, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Provider { get; } = provider;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
