using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.AiRouting;

public sealed class ApprovalFlowTests(EndToEndApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Given_an_expensive_question_When_the_lead_approves_it_Then_the_agents_panel_turns_from_awaiting_approval_to_the_answer()
    {
        // An admin prices a model served by the local provider and routes complex questions to it: $60 per million
        // output tokens makes the complex tier's 2,000 tokens $0.12, above the $0.10 threshold.
        await Page.SignInAsync(PageActions.DemoEmail("admin"));
        await Page.WaitUntilInteractiveAsync();
        await Page.GotoAsync("backoffice/ai/models");
        await Page.WaitUntilInteractiveAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("local-premium");
        await Page.GetByLabel("Provider", new() { Exact = true }).FillAsync("local");
        await Page.GetByLabel("Input $ per 1M", new() { Exact = true }).FillAsync("1");
        await Page.GetByLabel("Output $ per 1M", new() { Exact = true }).FillAsync("60");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save model" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "local-premium", Exact = true })).ToBeVisibleAsync();
        await Page.GetByLabel("Models, in order (comma-separated)").First.FillAsync("local-premium");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save the complex chain" }).ClickAsync();
        await Expect(Page.GetByText("The complex chain was saved.")).ToBeVisibleAsync();

        await using var agent = await OpenAnotherBrowserAsync();
        var priya = agent.Page;
        await priya.SignInAsync(PageActions.DemoEmail("priya.shah"));
        await priya.WaitUntilInteractiveAsync();
        await priya.OpenNavigationAsync("Assistant");
        await priya.GetByRole(AriaRole.Combobox, new() { Name = "Kind of question" }).ClickAsync();
        await priya.GetByRole(AriaRole.Option, new() { Name = "Complex task" }).ClickAsync();
        await priya.GetByLabel("Your question").FillAsync("Summarize for the annual review: the Lopez household renews on 15 January and wants a higher deductible.");
        await Expect(priya.Locator("#ai-estimate")).ToContainTextAsync("Needs your lead's approval");
        await priya.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(priya.Locator("#ai-awaiting")).ToContainTextAsync("Awaiting approval");
        await Screenshots.SaveAsync(priya, "assistant-awaiting-approval");

        await using var lead = await OpenAnotherBrowserAsync();
        var morgan = lead.Page;
        await morgan.SignInAsync(PageActions.DemoEmail("morgan.lee"));
        await morgan.WaitUntilInteractiveAsync();
        await morgan.OpenNavigationAsync("AI approvals");
        await Screenshots.SaveAsync(morgan, "ai-approvals");
        await morgan.GetByRole(AriaRole.Button, new() { Name = "Approve Priya Shah's request" }).ClickAsync();

        // Nobody reloads Priya's page: the approval job runs and her panel shows the answer by itself.
        await Expect(priya.Locator("#ai-awaiting")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(priya.Locator("#ai-answer-facts")).ToContainTextAsync("local-premium");
        await Screenshots.SaveAsync(priya, "assistant-approved-answer");

        // The admin's cost dashboard counts it.
        await Page.GotoAsync("backoffice/ai");
        await Page.WaitUntilInteractiveAsync();
        await Expect(Page.Locator("#ai-total")).ToContainTextAsync(" since ");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Spend per day by model" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "ai-costs");
    }
}
