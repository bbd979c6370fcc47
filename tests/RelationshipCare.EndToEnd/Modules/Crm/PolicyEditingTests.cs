using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.Crm;

public sealed class PolicyEditingTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_an_agent_on_a_client_360_When_they_add_a_policy_with_a_bad_number_then_fix_it_Then_the_refusal_shows_beside_the_field_and_the_policy_is_listed()
    {
        await Page.SignInAsync(PageActions.DemoEmail("jamie.rivera"));
        await Page.OpenNavigationAsync("Clients");
        await Page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync("whitfield");
        await Page.GetByRole(AriaRole.Table, new() { Name = "Clients" }).GetByRole(AriaRole.Link, new() { Name = "Whitfield, Eleanor" }).ClickAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Eleanor Whitfield");
        await Page.WaitUntilInteractiveAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Policy number").FillAsync("AUT 555/001");
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Line of business" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Personal auto" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        await Expect(dialog.GetByText("Use letters, digits and dashes")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "agent-policy-refused");

        await dialog.GetByLabel("Policy number").FillAsync("AUT-555001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var policies = Page.GetByRole(AriaRole.Table, new() { Name = "Policies" });
        await Expect(policies.GetByRole(AriaRole.Cell, new() { Name = "AUT-555001", Exact = true })).ToBeVisibleAsync();
        await Expect(policies.GetByRole(AriaRole.Button, new() { Name = "Edit policy AUT-555001" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "agent-policy-added");
    }
}
