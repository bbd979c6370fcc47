using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd.Modules.AiRouting;

public sealed class AssistantTests(EndToEndApp app) : BrowserTest(app)
{
    private const string Notes = "Maria Lopez called about her homeowners renewal on 15 January. She is unhappy that the premium rose after the roof claim. "
        + "She asked whether a higher deductible would lower the premium. She prefers email and is available on weekday mornings. "
        + "Her husband mentioned they may add a teenage driver to the auto policy next spring.";

    [Fact]
    public async Task Given_an_agent_When_they_ask_the_assistant_Then_they_see_the_estimate_first_and_watch_the_answer_stream_in()
    {
        await Page.SignInAsync(PageActions.DemoEmail("priya.shah"));
        await Page.WaitUntilInteractiveAsync();
        await Page.OpenNavigationAsync("Assistant");
        await Expect(Page.Heading()).ToHaveTextAsync("Assistant");

        await Page.GetByLabel("Your question").FillAsync("Summarize these call notes for the renewal file.");
        await Page.GetByLabel("Material or context (optional)").FillAsync(Notes);
        await Expect(Page.Locator("#ai-estimate")).ToContainTextAsync(new Regex(@"Up to \$0\.0000 on the local model"));

        // Every length the answer takes on the way: a streamed answer grows in several steps.
        await Page.EvaluateAsync("""
            () => {
                window.answerLengths = [];
                new MutationObserver(() => {
                    const answer = document.querySelector('#ai-answer');
                    if (answer) window.answerLengths.push(answer.textContent.length);
                }).observe(document.body, { subtree: true, childList: true, characterData: true });
            }
            """);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        await Expect(Page.Locator("#ai-answer-facts")).ToContainTextAsync("the local model");
        // The summary is of the notes on screen: Ask sends the fields as they are, however far behind the server is.
        await Expect(Page.Locator("#ai-answer")).ToContainTextAsync("Maria Lopez");
        var lengths = await Page.EvaluateAsync<int[]>("() => window.answerLengths");
        Assert.True(lengths.Distinct().Count() > 2, $"The answer appeared in {lengths.Distinct().Count()} steps.");
        await Screenshots.SaveAsync(Page, "assistant-answer");

        // The same question again: the saved answer, at no cost.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(Page.Locator("#ai-answer-facts")).ToContainTextAsync("Saved answer, no cost");
    }

    [Fact]
    public async Task Given_an_agent_on_a_clients_page_When_they_ask_the_assistant_for_a_renewal_reminder_Then_the_draft_streams_in_addressed_to_that_client()
    {
        await Page.SignInAsync(PageActions.DemoEmail("jamie.rivera"));
        await Page.OpenNavigationAsync("Clients");
        await Page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync("whitfield");
        await Page.GetByRole(AriaRole.Table, new() { Name = "Clients" }).GetByRole(AriaRole.Link, new() { Name = "Whitfield, Eleanor" }).ClickAsync();
        await Expect(Page.Heading()).ToHaveTextAsync("Eleanor Whitfield");
        await Page.WaitUntilInteractiveAsync();

        await Page.GetByLabel("Your question").FillAsync("Draft a renewal reminder for this client.");
        await Expect(Page.Locator("#ai-estimate")).ToContainTextAsync("on the local model");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        await Expect(Page.Locator("#ai-answer-facts")).ToContainTextAsync("the local model");
        await Expect(Page.Locator("#ai-answer")).ToContainTextAsync("Eleanor");
        await Screenshots.SaveAsync(Page, "assistant-on-client-page");
    }
}
