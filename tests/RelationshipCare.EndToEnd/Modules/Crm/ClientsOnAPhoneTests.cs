using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Crm;

public sealed class ClientsOnAPhoneTests(EndToEndApp app) : BrowserTest(app)
{
    protected override ViewportSize Viewport => Phone;

    [Fact]
    public async Task Given_a_phone_When_an_agent_lists_clients_with_renewals_due_and_opens_one_Then_nothing_is_wider_than_the_screen()
    {
        await Page.SignInAsync(PageActions.DemoEmail("sam.taylor"));
        await Page.WaitUntilInteractiveAsync();
        await Page.GotoAsync("clients?renewal=30&sort=NextRenewal");
        await Page.WaitUntilInteractiveAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("My clients");

        var table = Page.GetByRole(AriaRole.Table, new() { Name = "Clients" });
        await Expect(table.Locator("thead")).ToBeHiddenAsync();
        await Expect(table.Locator("td[data-label='Next renewal']").First).ToContainTextAsync("Renews");
        await ShouldFitTheScreenAsync();
        await Screenshots.SaveAsync(Page, "phone-clients-renewing");

        await table.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Policies" })).ToBeVisibleAsync();
        await ShouldFitTheScreenAsync();
        await Screenshots.SaveAsync(Page, "phone-client-360");
    }

    private async Task ShouldFitTheScreenAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone's screen.");
    }
}
