using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Features;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>A model without a price is never routed to (it would be billed at $0): refused at start and in the editor.</summary>
[Collection(HostCollection.Name)]
public sealed class ModelPricingTests(HostFixture host) : AiRoutingTest(host)
{
    [Theory]
    [InlineData("AiRouting:Models:8:Name", "gpt-5-unpriced", "AiRouting:Models")]
    [InlineData("AiRouting:Tiers:complex:0", "mystery-model", "AiRouting:Tiers")]
    [InlineData("AiRouting:Shadow:CandidateModel", "mystery-model", "AiRouting:Shadow:CandidateModel")]
    [InlineData("AiRouting:ApprovalThresholdUsd", "-1", "AiRouting:ApprovalThresholdUsd")]
    [InlineData("AiRouting:Budgets:AllowanceUsd", "-0.01", "AiRouting:Budgets:AllowanceUsd")]
    [InlineData("AiRouting:Budgets:AllowanceSeconds", "0", "AiRouting:Budgets:AllowanceSeconds")]
    public async Task Given_a_catalogue_the_router_cannot_bill_When_the_host_starts_Then_it_refuses_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string> { ["Jobs:RunServer"] = "true", [key] = value };
        if (key.StartsWith("AiRouting:Models:8", StringComparison.Ordinal))
        {
            settings["AiRouting:Models:8:Provider"] = "openai";
            settings["AiRouting:Models:8:ContextWindow"] = "128000";
            settings["AiRouting:Models:8:MaxOutputTokens"] = "4096";
        }

        await using var host = Host.CreateVariant(settings);

        var failure = Record.Exception(host.StartServer);

        Assert.NotNull(failure);
        Assert.Contains(named, Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_model_without_a_price_When_an_admin_saves_it_Then_the_price_fields_are_refused()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PutAsJsonAsync("/api/ai/models/gpt-5", new { provider = "openai", contextWindow = 128000, maxOutputTokens = 4096, priceEffectiveFrom = "2026-11-01" }, Ct);

        var problem = await response.ShouldBeValidationProblemAsync("inputPerMillion");
        Assert.True(problem.Errors.ContainsKey("outputPerMillion"));
    }

    [Fact]
    public async Task Given_a_model_priced_only_from_tomorrow_When_a_tier_is_routed_to_it_Then_the_rule_is_refused()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        var saved = await Host.SendAsync(new SaveModel.Command
        {
            Name = "local-next",
            Provider = "local",
            ContextWindow = 1000,
            MaxOutputTokens = 100,
            InputPerMillion = 1,
            OutputPerMillion = 2,
            PriceEffectiveFrom = tomorrow,
        }, Demo.Admin);
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PutAsJsonAsync("/api/ai/rules/complex", new { models = new[] { "local-next" } }, Ct);

        Assert.False(saved.IsError);
        await response.ShouldBeValidationProblemAsync("models");
    }

    [Fact]
    public async Task Given_an_agent_When_they_edit_the_catalogue_Then_they_are_forbidden()
    {
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PutAsJsonAsync("/api/ai/rules/complex", new { models = new[] { "local" } }, Ct);

        await response.ShouldBeProblemAsync(System.Net.HttpStatusCode.Forbidden);
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? aggregate.Message + string.Concat(aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? Flatten(inner) : "");
}
