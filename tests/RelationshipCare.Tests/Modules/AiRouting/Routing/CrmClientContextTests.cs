using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>The router learns about a client only through the Crm module, under the Crm module's visibility rules.</summary>
[Collection(HostCollection.Name)]
public sealed class CrmClientContextTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_and_their_own_client_When_the_router_asks_for_context_Then_it_gets_the_clients_name_and_policies()
    {
        var (canSee, context) = await AskAsync(Demo.JamieRivera, DemoClientIds.EleanorWhitfield);

        Assert.True(canSee);
        Assert.Contains("Name: Eleanor Whitfield", context, StringComparison.Ordinal);
        Assert.Contains("Policy LIF-100010", context, StringComparison.Ordinal);
        Assert.Contains("Policy number: LIF-100010", context, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_another_agents_client_When_the_router_asks_Then_it_may_not_see_it_and_gets_no_context()
    {
        var (canSee, context) = await AskAsync(Demo.JamieRivera, DemoClientIds.MarcusBell);

        Assert.False(canSee);
        Assert.Null(context);
    }

    [Fact]
    public async Task Given_a_question_about_a_client_When_estimated_Then_the_clients_context_is_counted_and_another_agents_client_is_not_found()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var question = new { type = "simple-lookup", prompt = "Draft a renewal reminder for this client.", complexity = 2 };

        var plain = await (await jamie.PostAsJsonAsync("/api/ai/estimate", question, Ct)).ShouldBeAsync<EstimateAiRequest.Estimate>(HttpStatusCode.OK);
        var aboutEleanor = await (await jamie.PostAsJsonAsync("/api/ai/estimate", new { question.type, question.prompt, question.complexity, clientId = DemoClientIds.EleanorWhitfield }, Ct))
            .ShouldBeAsync<EstimateAiRequest.Estimate>(HttpStatusCode.OK);
        var aboutMarcus = await jamie.PostAsJsonAsync("/api/ai/estimate", new { question.type, question.prompt, question.complexity, clientId = DemoClientIds.MarcusBell }, Ct);

        Assert.True(aboutEleanor.PromptTokens > plain.PromptTokens, $"{aboutEleanor.PromptTokens} tokens with the client's context, {plain.PromptTokens} without.");
        Assert.Equal("ai.client-not-found", (await aboutMarcus.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    private async Task<(bool CanSee, string? Context)> AskAsync(DemoPerson agent, Guid clientId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<IClientContextSource>();
        return (await source.CanSeeAsync(agent.Id, clientId, Ct), await source.ContextForAsync(agent.Id, clientId, Ct));
    }
}
