using System.Net.Http.Headers;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Http;

/// <summary>An access token and the API host it is good for (Salesforce and Zoho name the host in the token answer).</summary>
internal sealed record CrmAccess(string Token, Uri ApiBase);

internal interface ICrmAuthenticator
{
    ValueTask<CrmAccess> GetAsync(CancellationToken cancellationToken);

    /// <summary>The CRM refused <paramref name="access"/>: the next <see cref="GetAsync"/> fetches a new token.</summary>
    void Invalidate(CrmAccess access);
}

/// <summary>A token that never changes (HubSpot private apps).</summary>
internal sealed class StaticTokenAuthenticator(string token, Uri apiBase) : ICrmAuthenticator
{
    private readonly CrmAccess _access = new(token, apiBase);

    public ValueTask<CrmAccess> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_access);

    public void Invalidate(CrmAccess access)
    {
        // A private app's token cannot be refreshed: the next call fails the same way and says so.
    }
}

/// <summary>
/// An OAuth token endpoint (refresh-token, client-credentials or JWT-bearer grant): the token is kept until shortly
/// before it expires (CRMs advise tracking the lifetime rather than waiting for a 401), fetched by one caller at a
/// time, and dropped when the CRM refuses it. Token calls go through the connection's resilience pipeline but not
/// its limiter: token endpoints are not counted against the API quota.
/// </summary>
internal sealed class OAuthAuthenticator(
    HttpClient http,
    string crm,
    Uri tokenUrl,
    Func<IEnumerable<KeyValuePair<string, string>>> grant,
    Uri? fixedApiBase,
    CrmResilience resilience,
    TimeProvider time) : ICrmAuthenticator, IDisposable
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private CrmAccess? _current;
    private DateTimeOffset? _expiresAt;

    public async ValueTask<CrmAccess> GetAsync(CancellationToken cancellationToken)
    {
        if (Valid() is { } access)
        {
            return access;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            return Valid() ?? await FetchAsync(cancellationToken);
        }
        finally
        {
            _fetching.Release();
        }
    }

    public void Invalidate(CrmAccess access) => Interlocked.CompareExchange(ref _current, null, access);

    public void Dispose() => _fetching.Dispose();

    private CrmAccess? Valid()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && (_expiresAt is null || time.GetUtcNow() < _expiresAt - ExpiryMargin) ? current : null;
    }

    private async Task<CrmAccess> FetchAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await resilience.ExecuteAsync(
                _ => ValueTask.FromResult<IAsyncDisposable>(Limits.NoLease.Instance),
                async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(grant()) };
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return await http.SendAsync(request, token);
                },
                cancellationToken);
        }
        catch (Exception e) when (CrmHttpChannel.IsUnreachable(e))
        {
            throw CrmHttpChannel.Unreachable(crm, e);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                throw new CrmUnavailableException($"{crm}'s token endpoint failed with HTTP {(int)response.StatusCode}.");
            }

            using var body = await CrmHttpChannel.ReadJsonAsync(response, cancellationToken);
            var root = body.RootElement;
            if (!response.IsSuccessStatusCode || root.Text("access_token") is not { Length: > 0 } token)
            {
                // Token endpoints answer {"error": "invalid_grant", ...}; Zoho answers 200 with an "error" and no token.
                var error = root.Text("error") ?? $"HTTP {(int)response.StatusCode}";
                throw new CrmRejectedException($"{crm} refused the connection's credentials ({error}). An admin must reconnect it.");
            }

            var named = root.Text("instance_url") ?? root.Text("api_domain");
            var apiBase = named is not null ? new Uri(named) : fixedApiBase ?? throw new CrmRejectedException($"{crm}'s token answer named no API host.");
            _expiresAt = long.TryParse(root.Text("expires_in"), out var seconds) ? time.GetUtcNow().AddSeconds(seconds) : null;
            var access = new CrmAccess(token, apiBase);
            Volatile.Write(ref _current, access);
            return access;
        }
    }
}
