using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.AiRouting.Data;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>The official OpenAI SDK, unchanged, against the router's OpenAI-compatible API with an agent's API key.</summary>
[Collection(HostCollection.Name)]
public sealed class CompleteChatTests(HostFixture host) : AiRoutingTest(host)
{
    private const string Asked = "Summarize: the Lopez household renews its homeowners policy on 15 January and asked about a higher deductible.";

    [Fact]
    public async Task Given_the_openai_sdk_When_it_asks_for_a_completion_Then_it_gets_the_answer_with_usage_and_the_routers_headers()
    {
        await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        var client = await ChatClientAsync("simple-lookup");

        var completion = await client.CompleteChatAsync([new UserChatMessage(Asked)], cancellationToken: Ct);

        var raw = completion.GetRawResponse();
        Assert.False(string.IsNullOrWhiteSpace(completion.Value.Content[0].Text));
        Assert.Equal(PricedModel, completion.Value.Model);
        Assert.True(completion.Value.Usage.InputTokenCount > 0 && completion.Value.Usage.OutputTokenCount > 0);
        Assert.Equal(PricedModel, Header(raw, "x-rc-model"));
        Assert.Equal("false", Header(raw, "x-rc-cached"));
        Assert.True(decimal.Parse(Header(raw, "x-rc-cost-usd")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal(("openai", AiRequestStatus.Completed), (record.Channel, record.Status));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Given_budget_counters_not_yet_in_the_store_When_the_first_request_skips_the_cache_Then_its_reservation_rebuilds_them_and_it_is_answered(bool priced)
    {
        // The reservation checks the budgets itself: it finds all four counters (agent and team, day and month) missing.
        if (priced)
        {
            await RouteTierToPricedModelAsync("simple-lookup", 10, 100);
        }

        var priya = await ApiClientAsync(Demo.PriyaShah);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { model = "simple-lookup", messages = new[] { new { role = "user", content = Asked } } }),
        };
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };

        var response = await priya.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AiRequestStatus.Completed, Assert.Single(await RequestsAsync()).Status);
    }

    [Fact]
    public async Task Given_the_openai_sdk_When_it_streams_a_completion_Then_the_words_arrive_in_chunks_and_the_request_is_settled()
    {
        var client = await ChatClientAsync("auto");

        var text = new StringBuilder();
        var chunks = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Asked)], cancellationToken: Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                chunks++;
            }
        }

        Assert.True(chunks > 3, $"Only {chunks} chunks.");
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal((AiRequestStatus.Completed, text.ToString()), (record.Status, record.Answer));
        Assert.True(record.CompletionTokens > 0);
    }

    [Fact]
    public async Task Given_the_same_question_twice_When_asked_through_the_sdk_Then_the_second_answer_says_it_came_from_the_cache()
    {
        var client = await ChatClientAsync("auto");
        await client.CompleteChatAsync([new UserChatMessage(Asked)], cancellationToken: Ct);

        var second = await client.CompleteChatAsync([new UserChatMessage(Asked)], cancellationToken: Ct);

        Assert.Equal("true", Header(second.GetRawResponse(), "x-rc-cached"));
    }

    [Fact]
    public async Task Given_the_openai_sdk_When_it_lists_models_Then_it_sees_auto_the_tiers_and_only_models_that_can_be_routed_to()
    {
        var key = (await new ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret;
        var models = new OpenAIClient(new ApiKeyCredential(key), Options()).GetOpenAIModelClient();

        var list = await models.GetModelsAsync(Ct);

        var ids = list.Value.Select(m => m.Id).ToList();
        Assert.Contains("auto", ids);
        Assert.Contains("compliance", ids);
        Assert.Contains("local", ids);
        Assert.DoesNotContain("gpt-4o", ids);
    }

    [Fact]
    public async Task Given_an_expensive_request_through_the_sdk_When_sent_Then_it_is_parked_and_the_sdk_sees_an_approval_error()
    {
        await RouteTierToPricedModelAsync("complex", 1, 60);
        var client = await ChatClientAsync("complex");

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Asked)], cancellationToken: Ct));

        Assert.Equal(403, failure.Status);
        Assert.Contains("approval", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AiRequestStatus.AwaitingApproval, Assert.Single(await RequestsAsync()).Status);
    }

    [Theory]
    [InlineData("""{"model":"auto","messages":[]}""", "messages")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"auto","messages":[{"role":"robot","content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"auto","messages":[{"role":"user","content":"Hi"}],"temperature":3}""", "temperature")]
    [InlineData("""{"model":"gpt-17","messages":[{"role":"user","content":"Hi"}]}""", "model")]
    public async Task Given_a_bad_request_When_sent_Then_it_gets_an_openai_error_naming_the_parameter(string body, string param)
    {
        var client = await ApiClientAsync(Demo.PriyaShah);

        var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var detail = error.RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", param), (detail.GetProperty("type").GetString(), detail.GetProperty("param").GetString()));
        Assert.Empty(await RequestsAsync());
    }

    [Fact]
    public async Task Given_no_api_key_When_the_openai_api_is_called_Then_it_is_unauthorized()
    {
        var response = await ApiClient().PostAsync("/v1/chat/completions", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<ChatClient> ChatClientAsync(string model)
    {
        var key = (await new ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret;
        return new ChatClient(model, new ApiKeyCredential(key), Options());
    }

    private OpenAIClientOptions Options() => new() { Endpoint = new Uri(Host.Factory.Address(), "/v1") };

    private static string? Header(System.ClientModel.Primitives.PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;
}
