using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Http;

/// <summary>
/// A connection's resilience (Polly): retries with exponential backoff and jitter for transient failures only (5xx,
/// 408, timeouts, network errors) around each attempt; each attempt is first admitted (by the connection's limiter),
/// then runs inside a circuit breaker over the same failures and a per-attempt timeout. Admission sits outside the
/// breaker so a limiter's refusal is neither a failure nor a success to it (a refused half-open probe must not close
/// the circuit). A CRM's limit answers (429, Salesforce's 403) are not failures either: the channel honours them.
/// </summary>
internal sealed class CrmResilience(ResiliencePipeline<HttpResponseMessage> retry, ResiliencePipeline<HttpResponseMessage> attempt)
{
    /// <summary>Sends with retries; each attempt holds what <paramref name="admit"/> grants (a limiter lease) while it runs.</summary>
    public ValueTask<HttpResponseMessage> ExecuteAsync(
        Func<CancellationToken, ValueTask<IAsyncDisposable>> admit,
        Func<CancellationToken, ValueTask<HttpResponseMessage>> send,
        CancellationToken cancellationToken) =>
        retry.ExecuteAsync(
            async token =>
            {
                await using var admitted = await admit(token);
                return await attempt.ExecuteAsync(send, token);
            },
            cancellationToken);

    public static CrmResilience Build(CrmResilienceSettings settings, CircuitBreakerStateProvider breaker, TimeProvider time)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout);

        var retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // A 503 that says when to come back is believed, within reason.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result?.Headers.RetryAfter?.Delta is { } delta && delta <= TimeSpan.FromSeconds(30) ? delta : (TimeSpan?)null),
            });
        }

        var attempt = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                StateProvider = breaker,
            })
            .AddTimeout(settings.AttemptTimeout)
            .Build();
        return new CrmResilience(retry.Build(), attempt);
    }
}
