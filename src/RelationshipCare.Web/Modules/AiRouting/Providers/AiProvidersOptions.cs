using System.Text.RegularExpressions;
using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>The AI providers the router may call, besides the built-in <c>local</c> one that is always there.</summary>
internal sealed partial class AiProvidersOptions : IAppOptions
{
    public static string Section => "AiProviders";

    /// <summary>
    /// Each provider by the name the model catalogue uses for it (letters, digits, <c>-</c> and <c>_</c>; <c>local</c> is
    /// taken): its kind, base URL, API key, timeout, retry and circuit-breaker settings.
    /// </summary>
    /// <value>None: everything runs on the local provider.</value>
    public Dictionary<string, AiProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ProviderName();

    internal sealed class Validator : AbstractValidator<AiProvidersOptions>
    {
        public Validator()
        {
            var provider = new AiProviderOptions.Validator();
            RuleFor(o => o.Providers).Custom((providers, context) =>
            {
                foreach (var (name, options) in providers)
                {
                    var key = $"{nameof(Providers)}:{name}";
                    if (string.Equals(name, LocalAiProvider.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        context.AddFailure(key, $"'{LocalAiProvider.Name}' is the built-in provider's name; choose another.");
                    }
                    else if (!ProviderName().IsMatch(name))
                    {
                        context.AddFailure(key, "a provider name has 1 to 40 letters, digits, '-' or '_'.");
                    }

                    foreach (var failure in provider.Validate(options).Errors)
                    {
                        context.AddFailure($"{key}:{failure.PropertyName}", failure.ErrorMessage);
                    }
                }
            });
        }
    }
}

/// <summary>The API a provider speaks.</summary>
internal enum AiProviderKind
{
    /// <summary>The OpenAI chat completions API: OpenAI, Azure OpenAI-compatible endpoints, Ollama, vLLM.</summary>
    OpenAiCompatible,

    /// <summary>The Anthropic Messages API.</summary>
    Anthropic,
}

/// <summary>One provider: where it is, how to authenticate, and how hard to try before the router falls back.</summary>
internal sealed class AiProviderOptions
{
    /// <summary><c>OpenAiCompatible</c> or <c>Anthropic</c>.</summary>
    public AiProviderKind? Kind { get; set; }

    /// <summary>
    /// The endpoint's root, without <c>/v1</c>, such as <c>http://127.0.0.1:11434</c> for Ollama.
    /// Empty: the vendor's public API.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key. Required for Anthropic and for the vendor's public APIs; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Seconds one attempt may take until its answer, or its first streamed token, arrives; also the longest a
    /// stream may stall between tokens.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Attempts after the first when the provider answers 429, 500, 502, 503 or 529, or times out.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay in milliseconds when the provider gives no Retry-After; it doubles, with jitter.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>The longest Retry-After the router waits for, in seconds; a longer one fails over at once.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 20;

    /// <summary>The share of failed calls, from 0.01 to 1, over the sampling window that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls the sampling window must hold before the circuit may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>The sampling window of the circuit breaker, in seconds.</summary>
    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses calls before one trial call is let through, in seconds.</summary>
    public int BreakerBreakSeconds { get; set; } = 30;

    /// <summary>The answer's length limit in tokens when the request sets none (the Anthropic API requires one).</summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    internal sealed class Validator : AbstractValidator<AiProviderOptions>
    {
        public Validator()
        {
            RuleFor(o => o.Kind).Must(k => k is { } kind && Enum.IsDefined(kind)).WithMessage("must be OpenAiCompatible or Anthropic.");
            RuleFor(o => o.BaseUrl)
                .Must(u => u is null || (u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
                .WithMessage("must be an absolute http or https URL, such as http://127.0.0.1:11434.");
            RuleFor(o => o.ApiKey).NotEmpty()
                .When(o => o.Kind == AiProviderKind.Anthropic || o.BaseUrl is null)
                .WithMessage("is required for Anthropic and for a vendor's public API.");
            RuleFor(o => o.TimeoutSeconds).InclusiveBetween(1, 600).WithMessage("must be between 1 and 600 seconds.");
            RuleFor(o => o.MaxRetries).InclusiveBetween(0, 10).WithMessage("must be between 0 and 10.");
            RuleFor(o => o.RetryBaseDelayMilliseconds).InclusiveBetween(1, 60_000).WithMessage("must be between 1 and 60000 milliseconds.");
            RuleFor(o => o.MaxRetryDelaySeconds).InclusiveBetween(1, 600).WithMessage("must be between 1 and 600 seconds.");
            RuleFor(o => o.BreakerFailureRatio).InclusiveBetween(0.01, 1).WithMessage("must be between 0.01 and 1.");
            RuleFor(o => o.BreakerMinimumThroughput).InclusiveBetween(2, 10_000).WithMessage("must be between 2 and 10000.");
            RuleFor(o => o.BreakerSamplingSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds.");
            RuleFor(o => o.BreakerBreakSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds.");
            RuleFor(o => o.DefaultMaxOutputTokens).InclusiveBetween(1, 200_000).WithMessage("must be between 1 and 200000.");
        }
    }
}
