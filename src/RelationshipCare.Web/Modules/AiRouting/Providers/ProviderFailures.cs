using System.ClientModel;
using System.Globalization;
using System.Net.Http.Headers;
using Anthropic.Exceptions;
using Polly.Timeout;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>How the two SDKs report a provider's failures, read the same way for both.</summary>
internal static class ProviderFailures
{
    private const string RetryAfterKey = "rc.retry_after";

    /// <summary>Rate limited, overloaded (529), a server or gateway error, a timeout, or no answer at all.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException or HttpRequestException or AnthropicIOException => true,

        // An error event inside an Anthropic stream, such as overloaded_error.
        AnthropicSseException => true,

        // Status 0: the request never got an answer (connection refused or reset).
        ClientResultException { Status: 0 } => true,
        _ => StatusOf(exception) is 408 or 429 or 500 or 502 or 503 or 504 or 529,
    };

    /// <summary>A failure that says the provider is unusable for now, whether or not trying again may help.</summary>
    public static bool CountsAgainstProvider(Exception exception) =>
        IsTransient(exception) || StatusOf(exception) is 401 or 403;

    /// <summary>True for any failure that came from calling the provider, as opposed to our own cancellation or bugs.</summary>
    public static bool IsProviderFailure(Exception exception) =>
        exception is ClientResultException or AnthropicException or HttpRequestException or TimeoutRejectedException;

    public static int? StatusOf(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => result.Status,
        AnthropicApiException api => (int)api.StatusCode,
        _ => null,
    };

    /// <summary>
    /// What went wrong, for logs and the admins' status page: the status and error type, never the provider's own
    /// message (it may quote the request, and a rejected key appears in some of them).
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.#} s",
        TimeoutException => "the stream stalled",
        AnthropicSseException sse => $"stream error event {sse.Type?.Raw() ?? "(unknown type)"}",
        AnthropicServiceException service when StatusOf(exception) is { } status => $"HTTP {status} {service.Type?.Raw()}".TrimEnd(),
        _ when StatusOf(exception) is { } status => $"HTTP {status}",
        HttpRequestException or AnthropicIOException or ClientResultException => "could not reach the provider",
        _ => exception.GetType().Name,
    };

    public static TimeSpan? RetryAfterOf(Exception exception) =>
        exception.Data[RetryAfterKey] is TimeSpan delay ? delay : null;

    /// <summary>Attaches the delay the provider asked for to the exception its SDK threw.</summary>
    public static void RememberRetryAfter(Exception exception, TimeSpan? delay)
    {
        if (delay is { } value)
        {
            exception.Data[RetryAfterKey] = value;
        }
    }

    /// <summary>
    /// <c>retry-after-ms</c> (OpenAI's, in milliseconds) when present, else <c>Retry-After</c> in seconds or as a date.
    /// </summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }
}
