namespace RelationshipCare.Web.Platform.Jobs;

/// <summary>
/// When a queue entry that failed is tried again: what the other side asked for (a Retry-After), or a delay that
/// doubles with every attempt from the first delay up to the longest.
/// </summary>
internal static class RetrySchedule
{
    public static TimeSpan Delay(int attempts, TimeSpan first, TimeSpan longest, TimeSpan? retryAfter = null) =>
        retryAfter ?? TimeSpan.FromTicks(Math.Min(longest.Ticks, first.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
