namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// Reads the Retry-After of a failed answer on its way to the SDK. Neither SDK's exception carries the header (the
/// Anthropic one carries no headers at all), so each attempt opens a <see cref="Scope"/> that this handler fills in,
/// and the attempt attaches it to the exception the SDK throws.
/// </summary>
internal sealed class RetryAfterCapture(TimeProvider time) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    private static readonly AsyncLocal<Scope?> Current = new();

    public static Scope Begin() => Current.Value = new Scope();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && Current.Value is { } scope)
        {
            scope.RetryAfter = ProviderFailures.ReadRetryAfter(response.Headers, time.GetUtcNow());
        }

        return response;
    }

    /// <summary>What one attempt's failed answer asked for.</summary>
    internal sealed class Scope
    {
        public TimeSpan? RetryAfter { get; set; }
    }
}
