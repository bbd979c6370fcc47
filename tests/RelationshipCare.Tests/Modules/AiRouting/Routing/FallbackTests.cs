using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>When the first model's provider cannot answer, the next model of the tier's chain does.</summary>
[Collection(HostCollection.Name)]
public sealed class FallbackTests(HostFixture host) : AiRoutingTest(host)
{
    [Fact]
    public async Task Given_the_first_models_provider_is_down_When_a_request_runs_Then_the_next_model_of_the_chain_answers_and_is_billed()
    {
        await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        var chain = await Host.SendAsync(new SaveRoutingRule.Command { Tier = "simple-lookup", Models = ["gpt-4.1-nano", PricedModel] }, Demo.Admin);
        Assert.False(chain.IsError);
        // Nothing listens on port 9 of the loopback: every call to this provider fails at once.
        await using var degraded = Host.CreateVariant(new Dictionary<string, string>
        {
            ["AiProviders:Providers:openai:Kind"] = "OpenAiCompatible",
            ["AiProviders:Providers:openai:BaseUrl"] = "http://127.0.0.1:9",
            ["AiProviders:Providers:openai:ApiKey"] = "sk-test",
            ["AiProviders:Providers:openai:MaxRetries"] = "0",
            ["AiProviders:Providers:openai:TimeoutSeconds"] = "2",
        });
        var key = (await new ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret;
        using var priya = degraded.CreateApiClient(key);

        var response = await priya.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = "Summarize: the client wants a higher deductible.", complexity = 1 }, Ct);

        var answer = await response.ShouldBeAsync<AiAnswer>(HttpStatusCode.OK);
        Assert.Equal((PricedModel, "local", "completed"), (answer.ModelUsed, answer.Provider, answer.Status));
        Assert.True(answer.CostUsd > 0);
        await WrittenByAsync(degraded);
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal((PricedModel, answer.CostUsd), (record.Model, Micros.ToUsd(record.CostMicros)));
    }

    [Fact]
    public async Task Given_every_provider_of_the_chain_is_down_When_a_request_runs_Then_it_answers_503_and_nothing_is_charged()
    {
        var chain = await Host.SendAsync(new SaveRoutingRule.Command { Tier = "simple-lookup", Models = ["gpt-4.1-nano"] }, Demo.Admin);
        Assert.False(chain.IsError);
        await using var down = Host.CreateVariant(new Dictionary<string, string>
        {
            ["AiProviders:Providers:openai:Kind"] = "OpenAiCompatible",
            ["AiProviders:Providers:openai:BaseUrl"] = "http://127.0.0.1:9",
            ["AiProviders:Providers:openai:ApiKey"] = "sk-test",
            ["AiProviders:Providers:openai:MaxRetries"] = "0",
            ["AiProviders:Providers:openai:TimeoutSeconds"] = "2",
        });
        var key = (await new ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret;
        using var priya = down.CreateApiClient(key);

        var response = await priya.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = "Summarize: the client wants a higher deductible.", complexity = 1 }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("ai.providers-unavailable", problem.Code);
        await WrittenByAsync(down);
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal((Web.Modules.AiRouting.Data.AiRequestStatus.Failed, 0L), (record.Status, record.CostMicros));
    }
}
