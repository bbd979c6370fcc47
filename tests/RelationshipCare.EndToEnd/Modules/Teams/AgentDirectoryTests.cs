using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Teams;

public sealed class AgentDirectoryTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_the_directory_When_an_agent_searches_and_filters_by_specialty_Then_only_matching_agents_are_listed()
    {
        await Page.SignInAsync(PageActions.DemoEmail("priya.shah"));
        await Page.WaitUntilInteractiveAsync();
        await Page.OpenNavigationAsync("Agents");
        var agents = Page.GetByRole(AriaRole.Table, new() { Name = "Agents" });

        await Page.GetByLabel("Search").FillAsync("okafor");
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 agent");
        await Expect(agents.GetByRole(AriaRole.Link, new() { Name = "Daniel Okafor" })).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("search=okafor"));

        await Page.GetByLabel("Search").FillAsync("");
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Specialty" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Life", Exact = true }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("specialty=life"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("3 agents");
        await Expect(agents.GetByRole(AriaRole.Link, new() { Name = "Daniel Okafor" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(Page, "agents-filtered-by-specialty");
    }

    [Fact]
    public async Task Given_a_team_When_an_agent_opens_it_in_the_directory_Then_its_members_are_listed_with_their_profiles()
    {
        await Page.SignInAsync(PageActions.DemoEmail("sam.taylor"));
        await Page.WaitUntilInteractiveAsync();
        await Page.OpenNavigationAsync("Teams");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Commercial Lines" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "teams");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Commercial Lines in the directory" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 agents");
        await Page.GetByRole(AriaRole.Table, new() { Name = "Agents" }).GetByRole(AriaRole.Link, new() { Name = "Daniel Okafor" }).ClickAsync();

        await Expect(Page.Heading()).ToHaveTextAsync("Daniel Okafor");
        await Expect(Page.Locator("dl.facts")).ToContainTextAsync("Morgan Lee");
        await Expect(Page.Locator("dl.facts")).ToContainTextAsync("Workers compensation");
        await Screenshots.SaveAsync(Page, "agent-profile");
    }
}
