using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Platform;

public sealed class SignInTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_the_demo_team_lead_When_they_sign_in_Then_they_see_the_dashboard_and_the_agents_page_and_can_sign_out()
    {
        // A page that needs a sign-in sends the browser to the sign-in page first.
        await Page.GotoAsync("agents");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login"));

        await Page.SignInAsync(PageActions.DemoEmail("morgan.lee"));
        await Expect(Page.Heading()).ToHaveTextAsync("Agents");
        await Page.OpenNavigationAsync("Dashboard");
        await Expect(Page.Heading()).ToHaveTextAsync("Welcome back, Morgan");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My team" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Agency at a glance" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "team-lead-dashboard");

        await Page.OpenNavigationAsync("Agents");
        await Expect(Page.Heading()).ToHaveTextAsync("Agents");
        var agents = Page.GetByRole(AriaRole.Table, new() { Name = "Agents" });
        // Other tests may add agents; the demo agency's are there whatever the order.
        foreach (var colleague in new[] { "Priya Shah", "Daniel Okafor", "Jamie Rivera", "Sam Taylor", "Morgan Lee" })
        {
            await Expect(agents.GetByRole(AriaRole.Link, new() { Name = colleague })).ToBeVisibleAsync();
        }

        // A team lead reads the directory; managing it is for admins.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Add agent" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(Page, "team-lead-agents");

        await Page.SignOutAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Sign in");
        await Page.GotoAsync("");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task Given_a_wrong_password_When_an_agent_signs_in_Then_a_clear_message_says_so_and_they_stay_signed_out()
    {
        await Page.SignInAsync(PageActions.DemoEmail("sam.taylor"), "Not-the-password-1!");

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not correct.");
        await Expect(Page.Heading()).ToHaveTextAsync("Sign in");
        await Expect(Page.GetByLabel("Email")).ToHaveValueAsync(PageActions.DemoEmail("sam.taylor"));
        await Screenshots.SaveAsync(Page, "sign-in-wrong-password");
    }

    [Fact]
    public async Task Given_a_junior_agent_When_they_open_the_back_office_Then_they_are_told_it_is_not_for_their_role()
    {
        await Page.SignInAsync(PageActions.DemoEmail("jamie.rivera"));
        await Page.WaitUntilInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Manage agents" })).ToHaveCountAsync(0);

        await Page.GotoAsync("backoffice/agents");

        await Expect(Page.Heading()).ToHaveTextAsync("Not for your role");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ask an admin");
    }
}
