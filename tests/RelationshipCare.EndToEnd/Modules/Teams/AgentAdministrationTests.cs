using Microsoft.Playwright;
using RelationshipCare.Web.Platform.Hosting;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Teams;

public sealed class AgentAdministrationTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_an_admin_When_they_add_an_agent_Then_the_agent_is_listed_and_signs_in_with_the_temporary_password()
    {
        await Page.SignInAsync(DemoAgencyCredentials.AdminEmail);
        await Page.WaitUntilInteractiveAsync();
        await Page.OpenNavigationAsync("Manage agents");
        await Expect(Page.Heading()).ToHaveTextAsync("Manage agents");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add agent" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Full name").FillAsync("Riley Chen");
        await dialog.GetByLabel("Email").FillAsync("riley.chen@" + DemoAgencyCredentials.EmailDomain);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add agent" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Agent added" })).ToBeVisibleAsync();
        var password = await dialog.Locator("#temporary-password").InnerTextAsync();
        Assert.True(password.Length >= 12, $"The temporary password '{password}' is too short to be one.");
        await Screenshots.SaveAsync(Page, "admin-agent-added");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        var agents = Page.GetByRole(AriaRole.Table, new() { Name = "Agents" });
        await Expect(agents.GetByRole(AriaRole.Link, new() { Name = "Riley Chen" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "admin-manage-agents");

        await using var riley = await OpenAnotherBrowserAsync();
        await riley.Page.SignInAsync("riley.chen@" + DemoAgencyCredentials.EmailDomain, password);
        await Expect(riley.Page.Heading()).ToHaveTextAsync("Welcome back, Riley");
    }

    [Fact]
    public async Task Given_the_only_lead_of_two_teams_When_an_admin_deactivates_them_Then_a_readable_message_says_why_not()
    {
        await Page.SignInAsync(DemoAgencyCredentials.AdminEmail);
        await Page.WaitUntilInteractiveAsync();
        await Page.OpenNavigationAsync("Agents");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Deactivate Morgan Lee" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Morgan Lee was not deactivated. This agent leads");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("appoint another lead there first.");
    }
}
