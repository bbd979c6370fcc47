using System.Security.Cryptography;
using System.Text.Json;
using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors.HubSpot;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;
using RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;
using RelationshipCare.Web.Modules.Crm.Connectors.Zoho;
using RelationshipCare.Web.Platform.Caching;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

/// <summary>
/// Builds the connector for a connection and keeps it: one per connection in this process, so its token, limiter
/// and circuit breaker live as long as the connection's settings stay the same. Changed settings build a new one.
/// Limits are shared with every other instance through Redis when the platform has Redis, in process otherwise.
/// </summary>
internal sealed class CrmConnectorFactory(IHttpClientFactory httpClients, TimeProvider time, RedisConnection? redis = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, (byte[] Fingerprint, CrmConnector Connector)> _connectors = [];

    /// <summary>The named HttpClient each CRM's calls go through (handlers pooled and rotated by IHttpClientFactory).</summary>
    public static string HttpClientName(CrmKind kind) => $"crm-{kind.ToString().ToLowerInvariant()}";

    public ICrmConnector Get(CrmConnectionSettings settings)
    {
        var fingerprint = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(settings));
        lock (_gate)
        {
            if (_connectors.TryGetValue(settings.ConnectionId, out var known) && known.Fingerprint.AsSpan().SequenceEqual(fingerprint))
            {
                return known.Connector;
            }

            known.Connector?.Dispose();
            var connector = Create(settings);
            _connectors[settings.ConnectionId] = (fingerprint, connector);
            return connector;
        }
    }

    /// <summary>The connector this process already built for the connection, if any (building one is left to <see cref="Get"/>).</summary>
    public ICrmConnector? Peek(Guid connectionId)
    {
        lock (_gate)
        {
            return _connectors.TryGetValue(connectionId, out var known) ? known.Connector : null;
        }
    }

    /// <summary>Drops a deleted connection's connector.</summary>
    public void Forget(Guid connectionId)
    {
        lock (_gate)
        {
            if (_connectors.Remove(connectionId, out var known))
            {
                known.Connector.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, connector) in _connectors.Values)
            {
                connector.Dispose();
            }

            _connectors.Clear();
        }
    }

    private CrmConnector Create(CrmConnectionSettings settings)
    {
        var http = httpClients.CreateClient(HttpClientName(settings.Kind));
        var breaker = new CircuitBreakerStateProvider();
        var resilience = CrmResilience.Build(settings.Resilience, breaker, time);
        var limits = settings.EffectiveLimits;
        var credentials = settings.Credentials;

        CrmHttpChannel Channel(ICrmProtocol protocol, ICrmAuthenticator authenticator) =>
            new(http, protocol, authenticator, Limiter(settings, limits), resilience, limits.MaxWait, time);

        switch (settings.Kind)
        {
            case CrmKind.Salesforce:
                return new SalesforceConnector(
                    settings,
                    Channel(new SalesforceProtocol(), SalesforceAuth.Create(settings, http, resilience, time)),
                    new SalesforceFieldMapper(settings),
                    breaker);
            case CrmKind.HubSpot:
                var hubSpotApi = settings.ApiUrl ?? HubSpotConnector.DefaultApiUrl;
                ICrmAuthenticator hubSpotAuth = settings.AuthMode == CrmAuthMode.PrivateAppToken
                    ? new StaticTokenAuthenticator(credentials.AccessToken!, hubSpotApi)
                    : new OAuthAuthenticator(
                        http,
                        "HubSpot",
                        new Uri(settings.AuthUrl ?? hubSpotApi, "/oauth/v1/token"),
                        () => RefreshGrant(credentials),
                        hubSpotApi,
                        resilience,
                        time);
                return new HubSpotConnector(settings, Channel(new HubSpotProtocol(), hubSpotAuth), new HubSpotFieldMapper(settings), breaker);
            case CrmKind.Zoho:
                var accounts = settings.AuthUrl ?? ZohoConnector.AccountsServers[settings.DataCentre];
                var zohoAuth = new OAuthAuthenticator(
                    http, "Zoho CRM", new Uri(accounts, "/oauth/v2/token"), () => RefreshGrant(credentials), null, resilience, time);
                return new ZohoConnector(settings, Channel(new ZohoProtocol(limits.DailyLimit), zohoAuth), new ZohoFieldMapper(settings), breaker);
            default:
                throw new ArgumentException($"{settings.Kind} is not an external CRM.", nameof(settings));
        }
    }

    private CrmRateLimiter Limiter(CrmConnectionSettings settings, CrmLimitSettings limits)
    {
        var windows = CrmLimitWindow.For(limits);
        ICrmQuotaStore store = redis is null
            ? new InProcessQuotaStore(windows, limits.Concurrency, time)
            : new RedisQuotaStore(
                redis.Multiplexer,
                $"rc:crm-limits:{settings.ConnectionId:N}",
                windows,
                limits.Concurrency,
                settings.Resilience.AttemptTimeout + TimeSpan.FromSeconds(30),
                time);
        return new CrmRateLimiter(store, time, limits.MaxWait);
    }

    private static KeyValuePair<string, string>[] RefreshGrant(CrmCredentials credentials) =>
    [
        new("grant_type", "refresh_token"),
        new("client_id", credentials.ClientId!),
        new("client_secret", credentials.ClientSecret!),
        new("refresh_token", credentials.RefreshToken!),
    ];
}
