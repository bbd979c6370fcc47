using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>The seed's four tiers, mapped to current models, and the local default when no provider is configured.</summary>
[Collection(HostCollection.Name)]
public sealed class RoutingTableTests(HostFixture host) : AiRoutingTest(host)
{
    [Theory]
    [InlineData("simple-lookup", false, false, 1, "simple-lookup")]
    [InlineData("simple-lookup", false, false, 9, "simple-lookup")]
    [InlineData("reasoning", false, false, 4, "reasoning")]
    [InlineData("complex", true, false, 4, "reasoning")]
    [InlineData("reasoning", false, false, 5, "complex")]
    [InlineData("complex", true, false, 8, "complex")]
    [InlineData("compliance", false, false, 1, "compliance")]
    [InlineData("simple-lookup", false, true, 1, "compliance")]
    [InlineData("reasoning", true, true, 2, "compliance")]
    [InlineData("complex", false, false, 10, "complex")]
    public void Given_a_request_When_classified_Then_it_gets_its_tier(string type, bool reasoning, bool compliance, int complexity, string tier)
    {
        var ask = new AiAsk(type, AiAsk.FromPrompt("Hello", null), complexity, reasoning, compliance, null, null, null, null, null, BypassCache: false, "api");

        Assert.Equal(tier, RequestClassifier.TierFor(ask, reasoningComplexityBelow: 5));
    }

    [Theory]
    [InlineData("simple-lookup", 1, "gpt-4.1-nano")]
    [InlineData("reasoning", 3, "claude-haiku-4-5")]
    [InlineData("compliance", 5, "claude-sonnet-4-5")]
    [InlineData("complex", 8, "claude-opus-4-5")]
    public async Task Given_openai_and_anthropic_configured_When_each_tier_is_estimated_Then_it_routes_to_the_tiers_model_at_its_list_price(string type, int complexity, string model)
    {
        await using var configured = Host.CreateVariant(new Dictionary<string, string>
        {
            ["AiProviders:Providers:openai:Kind"] = "OpenAiCompatible",
            ["AiProviders:Providers:openai:BaseUrl"] = "http://127.0.0.1:9",
            ["AiProviders:Providers:openai:ApiKey"] = "sk-test",
            ["AiProviders:Providers:anthropic:Kind"] = "Anthropic",
            ["AiProviders:Providers:anthropic:BaseUrl"] = "http://127.0.0.1:9",
            ["AiProviders:Providers:anthropic:ApiKey"] = "sk-ant-test",
        });
        var key = (await new Infrastructure.Builders.ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret;
        using var client = configured.CreateApiClient(key);

        var response = await client.PostAsJsonAsync("/api/ai/estimate", new { type, prompt = "When does the Lopez policy renew?", complexity }, Ct);

        var estimate = await response.ShouldBeAsync<EstimateAiRequest.Estimate>(HttpStatusCode.OK);
        Assert.Equal((model, type), (estimate.Model, estimate.Tier));
        Assert.True(estimate.EstimatedCostUsd > 0, "A priced model is never estimated at $0.");
    }

    [Theory]
    [InlineData("simple-lookup")]
    [InlineData("reasoning")]
    [InlineData("compliance")]
    [InlineData("complex")]
    public async Task Given_no_provider_configured_When_each_tier_is_estimated_Then_the_local_model_answers_at_no_cost(string type)
    {
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync("/api/ai/estimate", new { type, prompt = "When does the Lopez policy renew?", complexity = 3 }, Ct);

        var estimate = await response.ShouldBeAsync<EstimateAiRequest.Estimate>(HttpStatusCode.OK);
        Assert.Equal((LocalModel.Name, 0m, false), (estimate.Model, estimate.EstimatedCostUsd, estimate.NeedsApproval));
    }
}
