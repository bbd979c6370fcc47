using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Platform;

public sealed class InstallableAppTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_the_sign_in_page_When_a_browser_reads_the_manifest_Then_the_app_is_installable_with_its_icons()
    {
        await Page.GotoAsync("account/login");
        var manifestAddress = await Page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var response = await Page.APIRequest.GetAsync(manifestAddress!);
        Assert.True(response.Ok, $"The manifest answered {response.Status}.");

        using var manifest = JsonDocument.Parse(await response.TextAsync());
        Assert.Equal("standalone", manifest.RootElement.GetProperty("display").GetString());
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().ToList();
        foreach (var size in new[] { "192x192", "512x512" })
        {
            var icon = icons.First(i => i.GetProperty("sizes").GetString() == size);
            var image = await Page.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            Assert.Equal("image/png", image.Headers["content-type"]);
        }

        Assert.Contains(icons, i => i.GetProperty("purpose").GetString() == "maskable");
    }

    [Fact]
    public async Task Given_the_app_was_opened_once_When_the_network_is_gone_Then_an_offline_page_explains_it()
    {
        await Page.GotoAsync("account/login");
        // The service worker installs in the background; it controls pages once it is ready.
        await Page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await Page.ReloadAsync();

        await Page.Context.SetOfflineAsync(true);
        await Page.ReloadAsync();

        await Expect(Page.Heading()).ToHaveTextAsync("You are offline");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "offline");
        await Page.Context.SetOfflineAsync(false);
    }
}
