using Microsoft.Playwright;

// One host per process (Hangfire's storage is static); xunit.runner.json makes the tests take turns with it.
[assembly: AssemblyFixture(typeof(RelationshipCare.EndToEnd.EndToEndApp))]

namespace RelationshipCare.EndToEnd;

/// <summary>
/// Everything the end-to-end tests share, started once: fresh test servers, the host on a loopback port, and
/// Debian's Chromium (Playwright's own browser download is never used).
/// </summary>
public sealed class EndToEndApp : IAsyncLifetime
{
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private EndToEndHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var servers = TestServers.FromEnvironment();
        if (servers is null)
        {
            SkipReason = "RC_TEST_POSTGRES is not set: scripts/test.sh starts PostgreSQL and Redis and sets it (and RC_TEST_REDIS).";
            return;
        }

        await servers.ResetAsync(TestContext.Current.CancellationToken);
        _host = new EndToEndHost(servers);
        _host.StartServer();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("RC_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
        // The host shares two cores with the browser (and perhaps another test run): allow for a slow first render.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A new browser profile (no cookies) with one page, its addresses relative to the host.</summary>
    internal async Task<BrowserSession> OpenAsync(ViewportSize viewport)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _host!.Address.ToString(),
            ViewportSize = viewport,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>A browser profile and its page; closing it forgets the sign-in.</summary>
internal sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
