using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>An answer is served again only to the agent who asked, and only about the same client.</summary>
[Collection(HostCollection.Name)]
public sealed class AnswerCacheTests(HostFixture host) : AiRoutingTest(host)
{
    private const string Prompt = "Summarize: the Lopez household renews its homeowners policy on 15 January and asked about a higher deductible.";

    [Fact]
    public async Task Given_an_answered_question_When_the_same_agent_asks_it_again_with_other_spacing_Then_it_comes_from_the_cache_free_and_is_recorded()
    {
        await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        var first = await AnswerAsync(Question(Prompt), Demo.PriyaShah);

        var second = await AnswerAsync(Question("  " + Prompt.Replace(" ", "   ", StringComparison.Ordinal) + "\n"), Demo.PriyaShah);

        Assert.False(first.Cached);
        Assert.True(first.CostUsd > 0);
        Assert.Equal((true, 0m, first.Content, PricedModel), (second.Cached, second.CostUsd, second.Content, second.ModelUsed));
        var records = await RequestsAsync();
        Assert.Equal([false, true], records.Select(r => r.Cached));
        Assert.Equal(0, records[1].CostMicros);
    }

    [Fact]
    public async Task Given_an_answer_cached_for_one_agent_When_another_agent_asks_the_same_Then_it_is_not_served_to_them()
    {
        await AnswerAsync(Question(Prompt), Demo.PriyaShah);

        var other = await AnswerAsync(Question(Prompt), Demo.JamieRivera);

        Assert.False(other.Cached);
    }

    [Fact]
    public async Task Given_an_answer_about_one_client_When_the_same_is_asked_about_another_client_Then_it_is_not_served_and_each_client_keeps_its_own()
    {
        // Jamie owns the first and has the second shared with them.
        var (clientA, clientB) = (DemoClientIds.EleanorWhitfield, DemoClientIds.NadiaPetrov);
        await AnswerAsync(Question(Prompt, clientId: clientA), Demo.JamieRivera);

        var aboutB = await AnswerAsync(Question(Prompt, clientId: clientB), Demo.JamieRivera);
        var aboutAAgain = await AnswerAsync(Question(Prompt, clientId: clientA), Demo.JamieRivera);
        var aboutNobody = await AnswerAsync(Question(Prompt), Demo.JamieRivera);

        Assert.Equal((false, true, false), (aboutB.Cached, aboutAAgain.Cached, aboutNobody.Cached));
    }

    [Fact]
    public async Task Given_a_cached_answer_When_the_agent_asks_to_bypass_the_cache_Then_the_model_answers_again()
    {
        await AnswerAsync(Question(Prompt), Demo.PriyaShah);

        var fresh = await AnswerAsync(Question(Prompt, bypassCache: true), Demo.PriyaShah);

        Assert.False(fresh.Cached);
    }

    [Fact]
    public async Task Given_answers_about_a_client_When_the_clients_data_is_erased_Then_they_are_purged_from_the_cache()
    {
        var client = DemoClientIds.NadiaPetrov;
        await AnswerAsync(Question(Prompt, clientId: client), Demo.PriyaShah);

        var purged = await Host.SendAsync(new Web.Modules.AiRouting.Contracts.PurgeClientAiAnswers(client));
        var again = await AnswerAsync(Question(Prompt, clientId: client), Demo.PriyaShah);

        Assert.False(purged.IsError);
        Assert.False(again.Cached);
    }

    [Fact]
    public async Task Given_an_answer_cached_about_a_client_When_an_agent_who_cannot_see_the_client_asks_the_same_Then_it_is_not_found_and_nothing_is_served()
    {
        await AnswerAsync(Question(Prompt, clientId: DemoClientIds.MarcusBell), Demo.SamTaylor);

        var refused = await PlanAsync(Question(Prompt, clientId: DemoClientIds.MarcusBell), Demo.JamieRivera);

        Assert.True(refused.IsError);
        Assert.Equal(("ai.client-not-found", ErrorOr.ErrorType.NotFound), (refused.FirstError.Code, refused.FirstError.Type));
    }

    private async Task<AiAnswer> AnswerAsync(Web.Modules.AiRouting.Features.AskAi.Command question, DemoPerson asker)
    {
        var plan = await PlanAsync(question, asker);
        Assert.False(plan.IsError, plan.IsError ? plan.FirstError.Description : null);
        return plan.Value switch
        {
            AiPlan.Cached cached => cached.Answer,
            AiPlan.Ready ready => await Host.Services.GetRequiredService<AiExecutor>().RunAsync(ready.Run),
            var other => throw new InvalidOperationException($"Expected an answer, got {other}."),
        };
    }
}
