using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Crm;

public sealed partial class CrmConnectionsTests(EndToEndApp app) : BrowserTest(app), IDisposable
{
    private const string ConnectionName = "HubSpot – browser test";

    private readonly HubSpotFake _hubSpot = new();

    [Fact]
    public async Task Given_an_admin_When_they_connect_a_HubSpot_fake_test_it_and_sync_now_Then_the_run_shows_in_the_history_the_token_is_never_shown_and_a_deleted_contact_is_marked_removed()
    {
        var first = _hubSpot.AddContact("Browser0", "Contact0", "browser0@example.com", DateTimeOffset.UtcNow.AddDays(-1));
        for (var i = 1; i < 3; i++)
        {
            _hubSpot.AddContact($"Browser{i}", $"Contact{i}", $"browser{i}@example.com", DateTimeOffset.UtcNow.AddDays(-1));
        }

        await Page.SignInAsync(PageActions.DemoEmail("admin"));
        await Page.OpenNavigationAsync("CRM connections");
        await Expect(Page.Heading()).ToHaveTextAsync("CRM connections");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Connect a CRM" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(ConnectionName);
        var token = dialog.GetByLabel("Private app access token");
        await Expect(token).ToHaveAttributeAsync("type", "password");
        await token.FillAsync(HubSpotFake.PrivateAppToken);
        await dialog.GetByLabel("API address").FillAsync(_hubSpot.Url.ToString());
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Default owner" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Priya Shah" }).ClickAsync();
        await Screenshots.SaveAsync(Page, "admin-crm-connect");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var connections = Page.GetByRole(AriaRole.Table, new() { Name = "CRM connections" });
        await Expect(connections.GetByText(ConnectionName)).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Test {ConnectionName}" }).ClickAsync();
        await Expect(Page.Locator("#crm-test-result")).ToContainTextAsync("Test passed");
        await Expect(Page.Locator("#crm-test-result")).ToContainTextAsync("Connected to HubSpot");
        await Screenshots.SaveAsync(Page, "admin-crm-tested");

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Sync {ConnectionName} now" }).ClickAsync();
        var history = Page.GetByRole(AriaRole.Table, new() { Name = "Sync history" });
        var run = history.GetByRole(AriaRole.Row).Nth(1);
        // The run appears by itself once the job server has run it: no reload, no click on the row.
        await Expect(run.Locator("td[data-label=Created]")).ToHaveTextAsync("3", new() { Timeout = 60_000 });
        await Expect(run.Locator("td[data-label=Finished]")).Not.ToHaveTextAsync("Running");
        await Expect(run.Locator("td[data-label=Removed]")).ToHaveTextAsync("0");
        await Screenshots.SaveAsync(Page, "admin-crm-synced");

        // The secret is write-only: not on the page, not in the edit form.
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, await Page.ContentAsync(), StringComparison.Ordinal);
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Edit {ConnectionName}" }).ClickAsync();
        var edit = Page.GetByRole(AriaRole.Dialog);
        await Expect(edit.GetByRole(AriaRole.Heading, new() { Name = $"Edit {ConnectionName}" })).ToBeVisibleAsync();
        var savedToken = edit.GetByLabel("Private app access token");
        await Expect(savedToken).ToHaveAttributeAsync("type", "password");
        await Expect(savedToken).ToHaveValueAsync("");
        await Expect(edit.GetByText(SavedCredentials())).ToBeVisibleAsync();
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, await Page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(Page, "admin-crm-edit-secret-hidden");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(edit).ToBeHiddenAsync();

        // The CRM deletes a contact: the next sync counts it as removed, and the client stays, marked, out of the working list.
        _hubSpot.ArchiveContact(first, DateTimeOffset.UtcNow);
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Sync {ConnectionName} now" }).ClickAsync();
        await Expect(history.GetByRole(AriaRole.Row).Nth(1).Locator("td[data-label=Removed]")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Screenshots.SaveAsync(Page, "admin-crm-synced-removal");

        await Page.OpenNavigationAsync("Clients");
        await Page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync("Contact0");
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "client" })).ToHaveTextAsync("No clients found.");
        await Page.GetByText("Removed from CRM", new() { Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("removed=true"));
        var removed = Page.GetByRole(AriaRole.Table, new() { Name = "Clients" }).GetByRole(AriaRole.Link, new() { Name = "Contact0, Browser0" });
        await Expect(removed).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "agent-clients-removed-from-crm");

        await removed.ClickAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Browser0 Contact0");
        await Expect(Page.Locator("#client-removed-from-crm")).ToContainTextAsync($"Removed from HubSpot on");
        await Expect(Page.Locator("#client-removed-from-crm")).ToContainTextAsync(ConnectionName);
        await Screenshots.SaveAsync(Page, "agent-client-360-removed-from-crm");
    }

    public void Dispose() => _hubSpot.Dispose();

    [GeneratedRegex("credentials are never shown")]
    private static partial Regex SavedCredentials();
}
