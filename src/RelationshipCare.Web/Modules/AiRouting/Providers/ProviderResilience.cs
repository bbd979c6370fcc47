using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// One provider's resilience pipeline (Polly): a retry with exponential backoff and jitter that honours the
/// provider's Retry-After and retries only transient failures; a circuit breaker over a sampling window whose state
/// is the provider's health; a timeout per attempt. Whatever the pipeline cannot absorb leaves it as an
/// <see cref="AiProviderUnavailableException"/>, so the router falls back. Logs and exceptions name the provider and
/// the failure, never a prompt or a key: the SDK's exception is not passed on, as its message quotes the provider's
/// error text.
/// </summary>
internal sealed partial class ProviderResilience
{
    private readonly string _provider;
    private readonly AiProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly ResiliencePipeline _pipeline;
    private volatile Failure? _lastFailure;

    public ProviderResilience(string provider, AiProviderOptions options, TimeProvider time, ILogger logger)
    {
        _provider = provider;
        _options = options;
        _time = time;
        _logger = logger;
        _pipeline = Build();
    }

    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    public AiProviderStatus Status
    {
        get
        {
            var last = _lastFailure;
            var recent = last is { Recovered: false } && _time.GetUtcNow() - last.At < TimeSpan.FromSeconds(_options.BreakerSamplingSeconds);
            var health = _breaker.CircuitState switch
            {
                CircuitState.Open or CircuitState.Isolated => AiProviderHealth.Open,
                CircuitState.HalfOpen => AiProviderHealth.Degraded,
                _ when recent => AiProviderHealth.Degraded,
                _ => AiProviderHealth.Healthy,
            };
            return new AiProviderStatus(_provider, health, last?.Description, last?.At);
        }
    }

    /// <summary>
    /// Runs one call through the pipeline. <paramref name="attempt"/> gets each attempt's own token: cancelled when
    /// the attempt times out or the caller gives up.
    /// </summary>
    public async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var scope = RetryAfterCapture.Begin();
                    try
                    {
                        return await state(token);
                    }
                    catch (Exception exception) when (ProviderFailures.IsProviderFailure(exception))
                    {
                        ProviderFailures.RememberRetryAfter(exception, scope.RetryAfter);
                        throw;
                    }
                },
                attempt,
                cancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            LogRefused(_logger, _provider, open.RetryAfter);
            throw new AiProviderUnavailableException(_provider, $"The AI provider '{_provider}' is unavailable: its circuit is open.", open.RetryAfter);
        }
        catch (Exception failure) when (ProviderFailures.IsProviderFailure(failure))
        {
            throw Unavailable(failure);
        }
    }

    /// <summary>A stream that broke after its first token: it cannot be retried, but the admins see it.</summary>
    public AiProviderUnavailableException StreamBroken(Exception failure)
    {
        Remember(failure);
        LogStreamBroken(_logger, _provider, ProviderFailures.Describe(failure));
        return new AiProviderUnavailableException(_provider, $"The AI provider '{_provider}' broke off its answer: {ProviderFailures.Describe(failure)}.");
    }

    private AiProviderUnavailableException Unavailable(Exception failure)
    {
        var description = ProviderFailures.Describe(failure);
        LogGaveUp(_logger, _provider, description);
        return new AiProviderUnavailableException(
            _provider,
            $"The AI provider '{_provider}' could not answer: {description}.",
            ProviderFailures.RetryAfterOf(failure));
    }

    private void Remember(Exception failure) => _lastFailure = new Failure(ProviderFailures.Describe(failure), _time.GetUtcNow());

    private ResiliencePipeline Build()
    {
        var builder = new ResiliencePipelineBuilder { Name = $"ai-provider-{_provider}", TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure && ShouldRetry(failure)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } failure ? ProviderFailures.RetryAfterOf(failure) : null),
                OnRetry = args =>
                {
                    // Polly counts the failed attempt from 0; the log names the coming one, counting from 1.
                    LogRetrying(_logger, _provider, Describe(args.Outcome), args.AttemptNumber + 2, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(_options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(_options.BreakerBreakSeconds),
                StateProvider = _breaker,
                ShouldHandle = args =>
                {
                    // Every failed attempt is remembered for the status page, counted or not.
                    if (args.Outcome.Exception is { } failure && ProviderFailures.IsProviderFailure(failure))
                    {
                        Remember(failure);
                        return ValueTask.FromResult(ProviderFailures.CountsAgainstProvider(failure));
                    }

                    return ValueTask.FromResult(false);
                },
                OnOpened = args =>
                {
                    LogOpened(_logger, _provider, Describe(args.Outcome), (long)args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    if (_lastFailure is { } last)
                    {
                        _lastFailure = last with { Recovered = true };
                    }

                    LogClosed(_logger, _provider);
                    return default;
                },
            })
            .AddTimeout(AttemptTimeout)
            .Build();
    }

    /// <summary>Transient, and not asking for a longer wait than we are willing to give (then fall back at once).</summary>
    private bool ShouldRetry(Exception failure) =>
        ProviderFailures.IsTransient(failure)
        && !(ProviderFailures.RetryAfterOf(failure) > TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds));

    private static string Describe(Outcome<object> outcome) =>
        outcome.Exception is { } failure ? ProviderFailures.Describe(failure) : "unexpected result";

    [LoggerMessage(LogLevel.Warning, "AI provider {Provider} failed ({Failure}); attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string provider, string failure, int attempt, long delayMs);

    [LoggerMessage(LogLevel.Warning, "AI provider {Provider} failed ({Failure}); no more attempts, the router falls back")]
    private static partial void LogGaveUp(ILogger logger, string provider, string failure);

    [LoggerMessage(LogLevel.Warning, "AI provider {Provider} broke off a streamed answer ({Failure})")]
    private static partial void LogStreamBroken(ILogger logger, string provider, string failure);

    [LoggerMessage(LogLevel.Error, "AI provider {Provider} circuit opened after failures (last: {Failure}); calls refused for {BreakSeconds} s")]
    private static partial void LogOpened(ILogger logger, string provider, string failure, long breakSeconds);

    [LoggerMessage(LogLevel.Information, "AI provider {Provider} circuit closed: calls succeed again")]
    private static partial void LogClosed(ILogger logger, string provider);

    [LoggerMessage(LogLevel.Debug, "AI provider {Provider} refused a call: circuit open (retry after {RetryAfter})")]
    private static partial void LogRefused(ILogger logger, string provider, TimeSpan? retryAfter);

    /// <param name="Recovered">The circuit has closed again since: the failure stays on record but no longer degrades.</param>
    private sealed record Failure(string Description, DateTimeOffset At, bool Recovered = false);
}
