using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Crm;

public sealed class ClientEditingTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_an_agent_When_they_find_a_client_open_the_360_and_edit_the_phone_Then_the_new_number_is_saved()
    {
        await Page.SignInAsync(PageActions.DemoEmail("jamie.rivera"));
        await Page.OpenNavigationAsync("Clients");
        await Expect(Page.Heading()).ToHaveTextAsync("My clients");

        await Page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync("whitfield");
        var clients = Page.GetByRole(AriaRole.Table, new() { Name = "Clients" });
        var eleanor = clients.GetByRole(AriaRole.Link, new() { Name = "Whitfield, Eleanor" });
        await Expect(eleanor).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "client" })).ToHaveTextAsync("1 client");
        await Screenshots.SaveAsync(Page, "agent-my-clients-search");

        await eleanor.ClickAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Eleanor Whitfield");
        await Page.WaitUntilInteractiveAsync();
        await Expect(Page.Locator("#client-phone")).ToHaveTextAsync("(212) 555-0101");
        await Expect(Page.GetByText("Renews in 12 days")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "agent-client-360");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit client" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        var phone = dialog.GetByLabel("Phone");
        await phone.FillAsync("555-12");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a valid phone number")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "agent-client-edit-refused");

        await phone.FillAsync("415 555 0199");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await Expect(Page.Locator("#client-phone")).ToHaveTextAsync("(415) 555-0199");
        await Page.ReloadAsync();
        await Expect(Page.Locator("#client-phone")).ToHaveTextAsync("(415) 555-0199");
        await Screenshots.SaveAsync(Page, "agent-client-saved");
    }

    [Fact]
    public async Task Given_a_team_lead_When_they_add_a_client_for_a_member_of_their_team_Then_the_member_owns_it()
    {
        await Page.SignInAsync(PageActions.DemoEmail("morgan.lee"));
        await Page.OpenNavigationAsync("Clients");
        await Page.WaitUntilInteractiveAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add client" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator("#client-owner-input")).ToHaveValueAsync("Morgan Lee (you)");
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Owner" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Jamie Rivera" }).ClickAsync();
        await dialog.GetByLabel("First name").FillAsync("Odile");
        await dialog.GetByLabel("Last name").FillAsync("Marchetti");
        await Screenshots.SaveAsync(Page, "lead-add-client-for-member");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add client" }).ClickAsync();

        await Expect(Page.Heading()).ToHaveTextAsync("Odile Marchetti");
        await Expect(Page.GetByText("owned by Jamie Rivera")).ToBeVisibleAsync();
    }
}
