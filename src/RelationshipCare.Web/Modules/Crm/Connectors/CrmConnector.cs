using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

/// <summary>What every connector shares: its channel (auth, limiter, resilience), its mapper and its breaker's state.</summary>
internal abstract class CrmConnector(CrmKind kind, CrmHttpChannel channel, ICrmFieldMapper mapper, CircuitBreakerStateProvider breaker)
    : ICrmConnector, IDisposable
{
    public CrmKind Kind { get; } = kind;

    public CrmCapabilities Capabilities => mapper.Capabilities;

    public CrmQuota? LastQuota => channel.LastQuota;

    public CircuitState Circuit => breaker.CircuitState;

    protected CrmHttpChannel Channel => channel;

    public async Task<CrmConnectionCheck> TestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var message = await ProbeAsync(cancellationToken);
            return new CrmConnectionCheck(true, message, LastQuota);
        }
        catch (CrmUnavailableException e)
        {
            return new CrmConnectionCheck(false, e.Message, LastQuota);
        }
        catch (CrmRejectedException e)
        {
            return new CrmConnectionCheck(false, e.Message, LastQuota);
        }
    }

    public abstract Task<CrmClient?> GetClientAsync(string externalId, CancellationToken cancellationToken);

    public abstract Task<CrmPage> ListChangedAsync(DateTimeOffset? since, string? cursor, CancellationToken cancellationToken);

    public abstract Task<CrmDeletionPage> ListDeletedAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken);

    public abstract Task<string> UpsertClientAsync(CrmClient client, CancellationToken cancellationToken);

    public virtual Task<string> UpsertPolicyAsync(string clientExternalId, CrmPolicy policy, CancellationToken cancellationToken) =>
        throw new CrmRejectedException($"This {Kind} connection does not carry policies.");

    public void Dispose() => Channel.Dispose();

    /// <summary>One cheap authenticated read; says what it found.</summary>
    protected abstract Task<string> ProbeAsync(CancellationToken cancellationToken);

    protected static CrmRejectedException BadCursor() => new("The sync cursor is not one this connector made; start the sync again from its last date.");
}
