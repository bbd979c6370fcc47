using System.Text.Json;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Http;

/// <summary>What a CRM's answer means for the caller.</summary>
internal enum CrmAnswerKind
{
    Ok,
    NotFound,

    /// <summary>The access token expired or was revoked: refresh it and send again, once.</summary>
    ExpiredToken,

    /// <summary>A short-window limit (HubSpot's per-10-seconds): wait <see cref="CrmAnswer.RetryAfter"/> and send again, once.</summary>
    Throttled,

    /// <summary>A quota that will not come back soon (daily, credits, Salesforce's REQUEST_LIMIT_EXCEEDED): never retried.</summary>
    Exhausted,

    /// <summary>The CRM refused the data: the user must fix it.</summary>
    Rejected,

    /// <summary>The CRM failed (5xx after the retries, or an answer it should not give).</summary>
    Failed,
}

internal sealed record CrmAnswer(
    CrmAnswerKind Kind, string Message = "", TimeSpan? RetryAfter = null, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public static readonly CrmAnswer Ok = new(CrmAnswerKind.Ok);

    public Exception ToException(string crm) => Kind switch
    {
        CrmAnswerKind.Rejected or CrmAnswerKind.NotFound => new CrmRejectedException($"{crm} refused the request: {Message}", FieldErrors),
        // Still refused after a fresh token: the credentials themselves are wrong or revoked.
        CrmAnswerKind.ExpiredToken => new CrmRejectedException($"{crm} refused the connection's credentials ({Message}). An admin must reconnect it."),
        _ => new CrmUnavailableException($"{crm} is unavailable: {Message}", RetryAfter),
    };
}

/// <summary>What a CRM's limit headers said: its own count, and how much is left in the limiter's windows.</summary>
internal sealed record CrmQuotaReading(long? Used, long? Limit, IReadOnlyList<(string Window, long Remaining)> Remaining);

/// <summary>The parts of talking HTTP that differ between CRMs: the auth header, limit headers and error bodies.</summary>
internal interface ICrmProtocol
{
    string Name { get; }

    void Authorize(HttpRequestMessage request, string accessToken);

    CrmQuotaReading? ReadQuota(HttpResponseMessage response);

    /// <summary>What a 4xx answer means, read from its status, headers and JSON body (5xx and successes are read alike for every CRM).</summary>
    CrmAnswer ReadRefusal(HttpResponseMessage response, JsonElement body);
}
