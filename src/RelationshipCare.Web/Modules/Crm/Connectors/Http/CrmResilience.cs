using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Http;

/// <summary>
/// A connection's resilience pipeline (Polly): retries with exponential backoff and jitter for transient failures
/// only (5xx, 408, timeouts, network errors), a circuit breaker over the same failures, and a per-attempt timeout.
/// A CRM's limit answers (429, Salesforce's 403) are not failures here: the channel honours them, never retries blindly.
/// </summary>
internal static class CrmResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(CrmResilienceSettings settings, CircuitBreakerStateProvider breaker, TimeProvider time)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout);

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
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

        return builder
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
    }
}
