namespace RelationshipCare.Tests.Infrastructure;

/// <summary>For what the host finishes in the background (a job, a timer, an exporter).</summary>
internal static class Eventually
{
    /// <summary>Polls until <paramref name="done"/> holds, failing after 20 seconds with what was awaited.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
