using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Http;

/// <summary>
/// How every call to one connection is made: token, then the resilience pipeline, in which each attempt first takes
/// from the connection's limiter; then the CRM's limit headers are read and its answer interpreted. An expired
/// token is refreshed and the call sent again once; a short-window 429 is waited out (as the CRM says) and sent again
/// once; anything else that is not a success becomes <see cref="CrmUnavailableException"/> or <see cref="CrmRejectedException"/>.
/// </summary>
internal sealed class CrmHttpChannel(
    HttpClient http,
    ICrmProtocol protocol,
    ICrmAuthenticator authenticator,
    CrmRateLimiter limiter,
    CrmResilience resilience,
    TimeSpan maxWait,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromSeconds(1);

    private CrmQuota? _lastQuota;

    public CrmQuota? LastQuota => Volatile.Read(ref _lastQuota);

    /// <summary>
    /// Sends the request <paramref name="build"/> makes for the API host, taking <paramref name="cost"/> units of quota
    /// per attempt. Returns the successful answer, an answer with the status the caller handles itself
    /// (<paramref name="alsoAccept"/>), or null for a 404 when <paramref name="notFoundIsNull"/>.
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(
        Func<Uri, HttpRequestMessage> build,
        CancellationToken cancellationToken,
        int cost = 1,
        bool notFoundIsNull = false,
        System.Net.HttpStatusCode? alsoAccept = null)
    {
        var refreshed = false;
        var waited = false;
        while (true)
        {
            var access = await authenticator.GetAsync(cancellationToken);
            var response = await SendOnceAsync(build, access, cost, cancellationToken);
            await ObserveQuotaAsync(response, cancellationToken);
            if (response.StatusCode == alsoAccept)
            {
                return response;
            }

            var answer = await ReadAnswerAsync(response, cancellationToken);
            switch (answer.Kind)
            {
                case CrmAnswerKind.Ok:
                    return response;
                case CrmAnswerKind.NotFound when notFoundIsNull:
                    response.Dispose();
                    return null;
                case CrmAnswerKind.ExpiredToken when !refreshed:
                    response.Dispose();
                    authenticator.Invalidate(access);
                    refreshed = true;
                    continue;
                case CrmAnswerKind.Throttled when !waited && (answer.RetryAfter ?? DefaultThrottleWait) <= maxWait:
                    response.Dispose();
                    await Task.Delay(answer.RetryAfter ?? DefaultThrottleWait, time, cancellationToken);
                    waited = true;
                    continue;
                default:
                    response.Dispose();
                    throw answer.ToException(protocol.Name);
            }
        }
    }

    /// <summary>Sends and parses a JSON answer; null for a 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<JsonDocument?> SendForJsonAsync(
        Func<Uri, HttpRequestMessage> build, CancellationToken cancellationToken, int cost = 1, bool notFoundIsNull = false)
    {
        using var response = await SendAsync(build, cancellationToken, cost, notFoundIsNull);
        return response is null ? null : await ReadJsonAsync(response, cancellationToken);
    }

    public void Dispose()
    {
        limiter.Dispose();
        (authenticator as IDisposable)?.Dispose();
    }

    private async ValueTask<CrmAnswer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return CrmAnswer.Ok;
        }

        if ((int)response.StatusCode >= 500)
        {
            return new CrmAnswer(CrmAnswerKind.Failed, $"HTTP {(int)response.StatusCode}");
        }

        using var body = await ReadJsonAsync(response, cancellationToken);
        return protocol.ReadRefusal(response, body.RootElement);
    }

    /// <summary>The body as JSON; an empty body (204) reads as an empty object.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }

    public static bool IsUnreachable(Exception e) => e is BrokenCircuitException or TimeoutRejectedException or HttpRequestException;

    public static CrmUnavailableException Unreachable(string crm, Exception e) => e switch
    {
        BrokenCircuitException broken => new CrmUnavailableException($"{crm} keeps failing; calls are paused while its circuit is open.", broken.RetryAfter, e),
        TimeoutRejectedException => new CrmUnavailableException($"{crm} did not answer in time.", null, e),
        _ => new CrmUnavailableException($"{crm} could not be reached.", null, e),
    };

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<Uri, HttpRequestMessage> build, CrmAccess access, int cost, CancellationToken cancellationToken)
    {
        try
        {
            return await resilience.ExecuteAsync(
                token => limiter.AcquireAsync(cost, token),
                async token =>
                {
                    using var request = build(access.ApiBase);
                    protocol.Authorize(request, access.Token);
                    return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                },
                cancellationToken);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw Unreachable(protocol.Name, e);
        }
    }

    private async Task ObserveQuotaAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (protocol.ReadQuota(response) is not { } reading)
        {
            return;
        }

        Volatile.Write(ref _lastQuota, new CrmQuota(reading.Used, reading.Limit, time.GetUtcNow()));
        foreach (var (window, remaining) in reading.Remaining)
        {
            await limiter.CalibrateAsync(window, remaining, cancellationToken);
        }
    }
}
