using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

[Collection(HostCollection.Name)]
public sealed class AskAiTests(HostFixture host) : AiRoutingTest(host)
{
    private const string Material = "The Lopez household renews its homeowners policy on 15 January. They asked about a higher deductible. "
        + "Maria Lopez prefers email. The premium rose 8% last year after a roof claim.";

    [Fact]
    public async Task Given_no_provider_configured_When_an_agent_asks_Then_the_local_model_answers_at_no_cost_and_the_request_is_recorded()
    {
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync("/api/ai/requests", new { type = "complex", prompt = "Summarize: " + Material, complexity = 6 }, Ct);

        var answer = await response.ShouldBeAsync<AiAnswer>(HttpStatusCode.OK);
        Assert.Equal(("completed", LocalModel.Name, "local", "complex", 0m, false), (answer.Status, answer.ModelUsed, answer.Provider, answer.Tier, answer.CostUsd, answer.Cached));
        Assert.False(string.IsNullOrWhiteSpace(answer.Content));
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal((Demo.PriyaShah.Id, Demo.LifeAndHealthTeamId, AiRequestStatus.Completed, "api"), (record.AgentId, record.TeamId, record.Status, record.Channel));
        Assert.True(record.PromptTokens > 0 && record.CompletionTokens > 0, "The provider's usage is recorded.");
    }

    [Theory]
    [InlineData("""{"type":"simple-lookup","prompt":"","complexity":1}""", "prompt")]
    [InlineData("""{"type":"simple-lookup","prompt":"   ","complexity":1}""", "prompt")]
    [InlineData("""{"type":"simple-lookup","prompt":"Hello","complexity":0}""", "complexity")]
    [InlineData("""{"type":"simple-lookup","prompt":"Hello","complexity":11}""", "complexity")]
    [InlineData("""{"type":"poetry","prompt":"Hello","complexity":1}""", "type")]
    [InlineData("""{"prompt":"Hello","complexity":1}""", "type")]
    [InlineData("""{"type":"reasoning","prompt":"Hello","complexity":3,"maxCost":0}""", "maxCost")]
    [InlineData("""{"type":"reasoning","prompt":"Hello","complexity":3,"clientId":"00000000-0000-0000-0000-000000000000"}""", "clientId")]
    public async Task Given_bad_input_When_asked_Then_a_field_error_names_the_field_and_nothing_is_recorded(string body, string field)
    {
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsync("/api/ai/requests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeValidationProblemAsync(field);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_a_prompt_longer_than_the_models_context_window_When_asked_Then_the_prompt_is_refused_with_its_token_count()
    {
        // About 131,000 tokens in 262,000 characters: more than the local model's 128,000 tokens.
        var prompt = string.Concat(Enumerable.Repeat("a ", 131_000));

        var result = await PlanAsync(Question(prompt, "complex", 5), Demo.PriyaShah);

        Assert.True(result.IsError);
        Assert.Equal(("Prompt", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
        Assert.Contains("takes at most 128,000", result.FirstError.Description, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_an_estimate_above_the_requests_max_cost_When_asked_Then_it_is_refused_before_any_provider_is_called()
    {
        await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = "When does the Lopez policy renew?", complexity = 1, maxCost = 0.001 }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ai.over-max-cost", problem.Code);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_a_model_name_nobody_knows_When_asked_for_it_Then_the_model_field_is_refused()
    {
        var result = await PlanAsync(Question("Hello") with { Model = "gpt-17" }, Demo.PriyaShah);

        Assert.Equal(("Model", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_model_whose_provider_is_not_configured_When_asked_for_by_name_Then_the_model_field_is_refused()
    {
        var result = await PlanAsync(Question("Hello") with { Model = "gpt-4o" }, Demo.PriyaShah);

        Assert.Equal(("Model", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
        Assert.Contains("cannot be routed to now", result.FirstError.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Given_a_daily_budget_already_spent_When_the_agent_asks_Then_it_is_refused_before_the_cache_or_any_provider(bool bypassCache, bool priced)
    {
        // Skipping the cache leaves the check to the reservation, which refuses a spent budget just the same, also for a free model.
        if (priced)
        {
            await RouteTierToPricedModelAsync("simple-lookup", 1, 2);
        }

        var saved = await Host.SendAsync(new Web.Modules.AiRouting.Features.SaveBudget.Command { Scope = "agent", ScopeId = Demo.PriyaShah.Id, DailyUsd = 0, MonthlyUsd = 10 }, Demo.Admin);
        Assert.False(saved.IsError);
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync("/api/ai/requests", new { type = "simple-lookup", prompt = "Hello", complexity = 1, bypassCache }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ai.budget-exhausted", problem.Code);
        Assert.Contains("daily", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_an_estimate_When_asked_for_Then_it_names_the_model_the_tokens_and_whether_approval_is_needed_without_running_anything()
    {
        await RouteTierToPricedModelAsync("complex", 1, 60);
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync("/api/ai/estimate", new { type = "complex", prompt = "Draft an annual review for the Lopez household.", complexity = 7 }, Ct);

        var estimate = await response.ShouldBeAsync<Web.Modules.AiRouting.Features.EstimateAiRequest.Estimate>(HttpStatusCode.OK);
        Assert.Equal((PricedModel, "complex", true), (estimate.Model, estimate.Tier, estimate.NeedsApproval));
        // 2,000 output tokens at $60 per million, plus the prompt at $1 per million.
        Assert.InRange(estimate.EstimatedCostUsd, 0.12m, 0.1201m);
        Assert.Empty(await RequestsAsync());
    }
}
