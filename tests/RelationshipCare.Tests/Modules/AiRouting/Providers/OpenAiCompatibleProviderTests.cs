using Microsoft.Extensions.AI;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>An OpenAI-compatible endpoint, called through the OpenAI SDK and its Microsoft.Extensions.AI adapter.</summary>
public sealed class OpenAiCompatibleProviderTests : IDisposable
{
    private const string Key = "sk-test-4f9a1c2e7b";
    private const string Prompt = "Summarize the renewal call with Maria Lopez.";

    private readonly OpenAiFake _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fake.Dispose();

    [Fact]
    public async Task Given_a_json_answer_When_asking_Then_the_text_and_the_providers_usage_come_back()
    {
        _fake.Answers("Maria's premium rises to $1,710 on January 15.", promptTokens: 25, completionTokens: 9);
        await using var harness = Start();

        var response = await Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct);

        Assert.Equal("Maria's premium rises to $1,710 on January 15.", response.Text);
        Assert.Equal(25, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        Assert.Equal(34, response.Usage?.TotalTokenCount);
        var request = Assert.Single(_fake.RequestBodies);
        Assert.Equal("gpt-4o-mini", request.GetProperty("model").GetString());
        Assert.Equal(Prompt, request.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal($"Bearer {Key}", _fake.RequestHeaders[0]["Authorization"].Single());
    }

    [Fact]
    public async Task Given_an_endpoint_under_a_path_When_asking_Then_v1_is_appended_to_that_path()
    {
        using var azureStyle = new OpenAiFake("/openai");
        azureStyle.Answers("Yes.", promptTokens: 5, completionTokens: 1);
        await using var harness = ProvidersHarness.Start(ProvidersHarness.Provider("azure", "OpenAiCompatible", azureStyle.Endpoint, Key));

        var response = await harness.Providers.GetChatClient("azure", "gpt-4o-mini").GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct);

        Assert.Equal("Yes.", response.Text);
        Assert.Equal("/openai/v1/chat/completions", Assert.Single(azureStyle.Server.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task Given_a_streamed_answer_When_reading_it_Then_the_deltas_arrive_in_order_and_the_final_usage_chunk_is_reported()
    {
        _fake.Streams(["Maria's ", "premium ", "rises."], promptTokens: 25, completionTokens: 6);
        await using var harness = Start();

        var updates = await Client(harness).GetStreamingResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["Maria's ", "premium ", "rises."], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        var usageContent = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Contains(usageContent, updates[^1].Contents);
        var usage = usageContent.Details;
        Assert.Equal(25, usage.InputTokenCount);
        Assert.Equal(6, usage.OutputTokenCount);
        var request = Assert.Single(_fake.RequestBodies);
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.True(request.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), "The SDK must ask for the usage chunk.");
    }

    [Theory]
    [InlineData("Retry-After", "1", 1000)]
    [InlineData("retry-after-ms", "150", 150)]
    public async Task Given_a_429_that_says_when_to_retry_When_asking_Then_the_call_waits_as_told_and_succeeds(string header, string value, long waitedMs)
    {
        _fake.RateLimitsThenAnswers(header, value, "Done.");
        await using var harness = Start();

        var response = await Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct);

        Assert.Equal("Done.", response.Text);
        Assert.Equal(2, _fake.RequestCount);
        var retry = Assert.Single(harness.Logs.Entries, e => e.Message.Contains("failed (HTTP 429)", StringComparison.Ordinal));
        Assert.Contains($"DelayMs={waitedMs}", retry.Values);
        Assert.Equal(AiProviderHealth.Degraded, harness.Providers.GetStatus("openai").Health);
    }

    [Fact]
    public async Task Given_a_429_asking_for_a_longer_wait_than_allowed_When_asking_Then_it_fails_over_at_once_with_the_wait()
    {
        _fake.RateLimits("Retry-After", "120");
        await using var harness = Start(("MaxRetryDelaySeconds", "20"));

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Equal(1, _fake.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(120), failure.RetryAfter);
        Assert.Equal("openai", failure.Provider);
    }

    [Fact]
    public async Task Given_a_provider_answering_500_When_asking_Then_it_retries_and_then_reports_the_provider_unavailable()
    {
        _fake.Fails(500, "server_error", "internal_error", "The server had an error while processing your request.");
        await using var harness = Start();

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Equal(3, _fake.RequestCount);
        Assert.Contains("HTTP 500", failure.Message, StringComparison.Ordinal);
        var status = harness.Providers.GetStatus("openai");
        Assert.Equal(AiProviderHealth.Degraded, status.Health);
        Assert.Equal("HTTP 500", status.LastError);
        Assert.NotNull(status.LastErrorAt);
    }

    [Fact]
    public async Task Given_a_slow_provider_When_an_attempt_takes_longer_than_the_timeout_Then_it_is_abandoned_and_the_provider_unavailable()
    {
        _fake.AnswersAfter(TimeSpan.FromSeconds(3), "Too late.");
        await using var harness = Start(("TimeoutSeconds", "1"), ("MaxRetries", "1"));

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Contains("no answer within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.Single(harness.Logs.Entries, e => e.Message.Contains("failed (no answer within 1 s); attempt 2", StringComparison.Ordinal));
        Assert.Equal("no answer within 1 s", harness.Providers.GetStatus("openai").LastError);
    }

    [Fact]
    public async Task Given_a_stream_whose_first_token_is_late_When_the_timeout_passes_Then_the_provider_is_unavailable_before_anything_is_shown()
    {
        _fake.StreamsAfter(TimeSpan.FromSeconds(3), ["Too ", "late."]);
        await using var harness = Start(("TimeoutSeconds", "1"), ("MaxRetries", "0"));
        var received = new List<ChatResponseUpdate>();

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(async () =>
        {
            await foreach (var update in Client(harness).GetStreamingResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct))
            {
                received.Add(update);
            }
        });

        Assert.Empty(received);
        Assert.Contains("no answer within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_rejected_key_When_asking_Then_it_is_not_retried_and_neither_key_nor_prompt_reaches_the_logs()
    {
        _fake.Fails(401, "invalid_request_error", "invalid_api_key", $"Incorrect API key provided: {Key}. You can find your API key in your account settings.");
        await using var harness = Start();

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Equal(1, _fake.RequestCount);
        Assert.DoesNotContain(Key, failure.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(harness.Logs.Entries);
        Assert.All(harness.Logs.Entries, e =>
        {
            Assert.DoesNotContain(Key, e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("Maria", e.AllText, StringComparison.Ordinal);
        });
        Assert.Equal("HTTP 401", harness.Providers.GetStatus("openai").LastError);
    }

    private ProvidersHarness Start(params (string Key, string Value)[] overrides) =>
        ProvidersHarness.Start(ProvidersHarness.Provider("openai", "OpenAiCompatible", _fake.Endpoint, Key, overrides));

    private static IChatClient Client(ProvidersHarness harness) => harness.Providers.GetChatClient("openai", "gpt-4o-mini");
}
