using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Platform;

public sealed class PhoneLayoutTests(EndToEndApp app) : BrowserTest(app)
{
    protected override ViewportSize Viewport => Phone;

    [Fact]
    public async Task Given_a_phone_When_an_agent_browses_Then_the_navigation_folds_away_and_tables_read_as_cards()
    {
        await Page.SignInAsync(PageActions.DemoEmail("jamie.rivera"));
        await Page.WaitUntilInteractiveAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Welcome back, Jamie");
        var navigation = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(navigation).Not.ToBeInViewportAsync();
        await Screenshots.SaveAsync(Page, "phone-dashboard");

        var menu = Page.GetByRole(AriaRole.Button, new() { Name = "Navigation menu" });
        await menu.ClickAsync();
        await Expect(navigation).ToBeInViewportAsync();
        await Screenshots.SaveAsync(Page, "phone-navigation");
        await Page.OpenNavigationAsync("Agents");
        await Expect(navigation).Not.ToBeInViewportAsync();

        // Each agent is a card of labelled lines: no column headers, nothing wider than the screen.
        await Expect(Page.Heading()).ToHaveTextAsync("Agents");
        var table = Page.GetByRole(AriaRole.Table, new() { Name = "Agents" });
        await Expect(table.Locator("thead")).ToBeHiddenAsync();
        await Expect(table.Locator("td[data-label=Role]").First).ToBeVisibleAsync();
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone's screen.");
        await Screenshots.SaveAsync(Page, "phone-agents");
    }
}
