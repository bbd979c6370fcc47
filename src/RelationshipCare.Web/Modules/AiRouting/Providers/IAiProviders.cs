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
    /// <summary><c>local</c> first, then the configured providers' names in order.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>
    /// A chat client for <paramref name="model"/> at <paramref name="provider"/>, made once and kept. Its calls throw
    /// <see cref="AiProviderUnavailableException"/> for every failure of the provider: circuit open, transient
    /// failures past the retries, and also errors that retrying cannot fix (a rejected key, a refused request), so
    /// the router can fall back to the next model. A stream is retried only before its first update; one that breaks
    /// or stalls afterwards throws the same exception from the enumerator. The caller's cancellation is an
    /// <see cref="OperationCanceledException"/> and aborts the HTTP request.
    /// </summary>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    IChatClient GetChatClient(string provider, string model);

    /// <summary>The provider's health as the admins see it: breaker state and the last failure.</summary>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    AiProviderStatus GetStatus(string provider);
}

/// <summary>
/// The built-in provider: no key, no network, $0. It does one of three tasks on the text of the request's messages
/// (the material to work on, and context as <c>Name: value</c> lines or one JSON object, such as
/// <c>Client: Maria Lopez</c>, <c>Policy: Homeowners</c>, <c>Renewal date: 2027-01-15</c>). The router says which
/// by setting <see cref="TaskProperty"/> in <see cref="ChatOptions.AdditionalProperties"/> to a
/// <see cref="LocalAiTask"/> (or its name); without it, a system message line <c>Task: summary|sentiment|draft</c>
/// decides, and failing that the wording of the last user message (summary when nothing matches).
/// </summary>
internal static class LocalAiProvider
{
    public const string Name = "local";

    /// <summary>The model name the local provider reports; any model name asked of it is answered the same way.</summary>
    public const string Model = "local-extractive";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that names the <see cref="LocalAiTask"/>.</summary>
    public const string TaskProperty = "rc.local_task";
}

/// <summary>What the local provider does with the request's text.</summary>
internal enum LocalAiTask
{
    /// <summary>Picks the most informative sentences of the material, in their original order.</summary>
    Summary,

    /// <summary>Lexicon-based sentiment: positive, negative or neutral, a score from -1 to 1 and the words that drove it.</summary>
    Sentiment,

    /// <summary>A renewal reminder, follow-up or review invitation filled from the context.</summary>
    Draft,
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
