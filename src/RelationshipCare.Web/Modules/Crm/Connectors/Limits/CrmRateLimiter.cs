namespace RelationshipCare.Web.Modules.Crm.Connectors.Limits;

/// <summary>
/// One connection's limiter, taken before every call to the CRM. A short wait (a burst window about to roll, a
/// concurrency slot about to free) is waited out up to the connection's <see cref="CrmLimitSettings.MaxWait"/>;
/// anything longer is refused at once with <see cref="CrmUnavailableException"/> and its RetryAfter.
/// </summary>
internal sealed class CrmRateLimiter(ICrmQuotaStore store, TimeProvider time, TimeSpan maxWait) : IDisposable
{
    public async ValueTask<IAsyncDisposable> AcquireAsync(int cost, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var attempt = await store.TryAcquireAsync(cost, cancellationToken);
            if (attempt.Granted)
            {
                return attempt.Lease ?? NoLease.Instance;
            }

            if (waited + attempt.RetryAfter > maxWait)
            {
                throw new CrmUnavailableException("The connection's rate limit is reached.", attempt.RetryAfter);
            }

            await Task.Delay(attempt.RetryAfter, time, cancellationToken);
            waited += attempt.RetryAfter;
        }
    }

    public ValueTask CalibrateAsync(string window, long remaining, CancellationToken cancellationToken) =>
        store.CalibrateAsync(window, remaining, cancellationToken);

    public void Dispose() => store.Dispose();
}
