using Microsoft.Playwright;

namespace RelationshipCare.EndToEnd;

/// <summary>
/// A test with its own browser profile and page. Skips when no test servers are configured; when a test fails,
/// the page it ended on is kept as a screenshot named after the test.
/// </summary>
public abstract class BrowserTest(EndToEndApp app) : IAsyncLifetime
{
    /// <summary>A desktop browser window.</summary>
    protected static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>A phone held upright.</summary>
    protected static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private BrowserSession? _session;

    protected IPage Page => _session!.Page;

    /// <summary>The window the page opens in.</summary>
    protected virtual ViewportSize Viewport => Desktop;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(app.SkipReason is not null, app.SkipReason ?? "");
        _session = await app.OpenAsync(Viewport);
    }

    /// <summary>Another browser profile, for a second person in the same test.</summary>
    internal Task<BrowserSession> OpenAnotherBrowserAsync() => app.OpenAsync(Viewport);

    public async ValueTask DisposeAsync()
    {
        if (_session is null)
        {
            return;
        }

        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await Screenshots.SaveAsync(Page, $"failed-{GetType().Name}-{TestContext.Current.TestMethod?.MethodName}");
        }

        await _session.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
