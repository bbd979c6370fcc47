using Polly.CircuitBreaker;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

/// <summary>
/// One CRM connection (an agency's CRM org), already authenticated, rate-limited and protected by its resilience
/// pipeline. Failures are exceptions of type <see cref="CrmUnavailableException"/> (limited, down, breaker open:
/// the caller serves cached data and queues writes) or <see cref="CrmRejectedException"/> (the CRM refused the
/// data itself: retrying will not help, the user must fix it).
/// </summary>
internal interface ICrmConnector
{
    CrmKind Kind { get; }

    CrmCapabilities Capabilities { get; }

    /// <summary>The last quota the CRM reported, or null before the first call.</summary>
    CrmQuota? LastQuota { get; }

    /// <summary>The connection's circuit breaker: Open (or Isolated) means calls fail fast without reaching the CRM.</summary>
    CircuitState Circuit { get; }

    Task<CrmConnectionCheck> TestAsync(CancellationToken cancellationToken);

    /// <summary>The client with its policies; null when the CRM has no such record.</summary>
    Task<CrmClient?> GetClientAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// Clients changed at or after <paramref name="since"/> (all of them when null), oldest change first when a date
    /// is given (a full list may come in the CRM's own order), one page at a time: pass the returned cursor back to
    /// continue. A cursor is plain text and survives restarts for as long as the CRM keeps its own paging state
    /// (Salesforce's query locators and Zoho's page tokens expire): an expired one is refused with
    /// <see cref="CrmRejectedException"/>, and the sync starts again from its date.
    /// </summary>
    Task<CrmPage> ListChangedAsync(DateTimeOffset? since, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Records deleted (or archived) in the CRM between <paramref name="since"/> and <paramref name="until"/>, one page
    /// at a time: pass the returned cursor back to continue. Listing the same span twice answers the same records, so
    /// applying them is idempotent. A CRM that keeps deletions only for a while (Salesforce: 30 days at most, Zoho's and
    /// HubSpot's recycle bins) is asked for no more than it keeps.
    /// </summary>
    Task<CrmDeletionPage> ListDeletedAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the client (empty <see cref="CrmClient.ExternalId"/>) or updates it, idempotently: sending the same
    /// write twice never creates two records. Returns the record's external id.
    /// </summary>
    Task<string> UpsertClientAsync(CrmClient client, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (empty <see cref="CrmPolicy.ExternalId"/>) or updates one of the client's policies, idempotently (a new
    /// policy is first looked for by its number). Throws <see cref="CrmRejectedException"/> where the connection does
    /// not carry policies (see <see cref="Capabilities"/>). Returns the policy's external id.
    /// </summary>
    Task<string> UpsertPolicyAsync(string clientExternalId, CrmPolicy policy, CancellationToken cancellationToken);
}

/// <summary>The CRM cannot be reached right now: rate limited, failing, or its circuit is open. Retry later.</summary>
internal sealed class CrmUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>When the CRM (or the limiter) says a retry can succeed, if known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The CRM refused the data (validation, duplicate, unknown field). Field names are the platform's.</summary>
internal sealed class CrmRejectedException(string message, IReadOnlyDictionary<string, string>? fieldErrors = null)
    : Exception(message)
{
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string>();
}
