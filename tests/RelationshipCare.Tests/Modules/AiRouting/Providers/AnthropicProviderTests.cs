using Microsoft.Extensions.AI;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>The Anthropic Messages API, called through the official Anthropic SDK's <see cref="IChatClient"/>.</summary>
public sealed class AnthropicProviderTests : IDisposable
{
    private const string Key = "sk-ant-test-8d0b5e";
    private const string Prompt = "Is the coverage on Tom's auto policy enough for a teen driver?";

    private readonly AnthropicFake _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fake.Dispose();

    [Fact]
    public async Task Given_a_message_answer_When_asking_Then_the_text_and_the_providers_usage_come_back()
    {
        _fake.Answers("Raise the liability limits before adding a teen driver.", inputTokens: 31, outputTokens: 11);
        await using var harness = Start();

        var response = await Client(harness).GetResponseAsync([new(ChatRole.System, "You assist insurance agents."), new(ChatRole.User, Prompt)], cancellationToken: Ct);

        Assert.Equal("Raise the liability limits before adding a teen driver.", response.Text);
        Assert.Equal(31, response.Usage?.InputTokenCount);
        Assert.Equal(11, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_fake.RequestBodies);
        Assert.Equal("claude-haiku-4-5", request.GetProperty("model").GetString());
        Assert.Equal(4096, request.GetProperty("max_tokens").GetInt32());
        Assert.Equal("user", request.GetProperty("messages")[0].GetProperty("role").GetString());
        var headers = _fake.RequestHeaders[0];
        Assert.True(headers.ContainsKey("anthropic-version"));
        Assert.Contains(headers, h => h.Value.Any(v => v.Contains(Key, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_a_streamed_answer_When_reading_it_Then_the_text_deltas_arrive_and_usage_comes_from_message_start_and_message_delta()
    {
        _fake.Streams(["Raise the ", "liability ", "limits."], inputTokens: 31, outputTokens: 15);
        await using var harness = Start();

        var updates = await Client(harness).GetStreamingResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("Raise the liability limits.", string.Concat(updates.Select(u => u.Text)));
        // Input tokens from message_start, output tokens from message_delta: one usage, in the last update.
        var usage = Assert.IsType<UsageContent>(Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()));
        Assert.Contains(usage, updates[^1].Contents);
        Assert.Equal(31, usage.Details.InputTokenCount);
        Assert.Equal(15, usage.Details.OutputTokenCount);
        Assert.Equal(46, usage.Details.TotalTokenCount);
        Assert.True(Assert.Single(_fake.RequestBodies).GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Given_an_overloaded_provider_When_it_answers_529_once_Then_the_call_is_retried_and_succeeds()
    {
        _fake.OverloadedThenAnswers("Yes.");
        await using var harness = Start();

        var response = await Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct);

        Assert.Equal("Yes.", response.Text);
        Assert.Equal(2, _fake.RequestCount);
    }

    [Fact]
    public async Task Given_an_overloaded_provider_When_it_keeps_answering_529_Then_the_provider_is_unavailable_with_overloaded_error()
    {
        _fake.Overloaded();
        await using var harness = Start();

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Equal(3, _fake.RequestCount);
        Assert.Contains("HTTP 529 overloaded_error", failure.Message, StringComparison.Ordinal);
        Assert.Equal("HTTP 529 overloaded_error", harness.Providers.GetStatus("anthropic").LastError);
    }

    [Fact]
    public async Task Given_a_rate_limit_error_with_retry_after_When_asking_Then_the_retry_waits_as_told()
    {
        _fake.RateLimits(retryAfterSeconds: 1);
        await using var harness = Start(("MaxRetries", "1"));

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => Client(harness).GetResponseAsync([new(ChatRole.User, Prompt)], cancellationToken: Ct));

        Assert.Equal(2, _fake.RequestCount);
        Assert.Contains("HTTP 429 rate_limit_error", failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);
        var retry = Assert.Single(harness.Logs.Entries, e => e.Message.Contains("failed (HTTP 429 rate_limit_error); attempt", StringComparison.Ordinal));
        Assert.Contains("DelayMs=1000", retry.Values);
        Assert.All(harness.Logs.Entries, e => Assert.DoesNotContain(Key, e.AllText, StringComparison.Ordinal));
    }

    private ProvidersHarness Start(params (string Key, string Value)[] overrides) =>
        ProvidersHarness.Start(ProvidersHarness.Provider("anthropic", "Anthropic", _fake.BaseUrl, Key, overrides));

    private static IChatClient Client(ProvidersHarness harness) => harness.Providers.GetChatClient("anthropic", "claude-haiku-4-5");
}
