using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>The circuit breaker, streams and cancellation, across the pipeline every remote provider runs behind.</summary>
public sealed class ProviderResilienceTests : IDisposable
{
    private const string Key = "sk-test-4f9a1c2e7b";

    private readonly OpenAiFake _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _fake.Dispose();

    [Fact]
    public async Task Given_a_failing_provider_When_failures_reach_the_ratio_Then_the_circuit_opens_refuses_calls_without_sending_them_and_the_status_says_so()
    {
        _fake.Fails(503, "server_error", "service_unavailable", "The engine is currently overloaded, please try again later.");
        await using var harness = ProvidersHarness.Start(ProvidersHarness.Provider(
            "openai", "OpenAiCompatible", _fake.BaseUrl, Key,
            ("MaxRetries", "0"), ("BreakerMinimumThroughput", "2"), ("BreakerFailureRatio", "0.5"), ("BreakerBreakSeconds", "60")));
        var client = harness.Providers.GetChatClient("openai", "gpt-4o-mini");

        await Assert.ThrowsAsync<AiProviderUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "One")], cancellationToken: Ct));
        await Assert.ThrowsAsync<AiProviderUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "Two")], cancellationToken: Ct));
        var refused = await Assert.ThrowsAsync<AiProviderUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "Three")], cancellationToken: Ct));

        Assert.Equal(2, _fake.RequestCount);
        Assert.Contains("circuit is open", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
        var status = harness.Providers.GetStatus("openai");
        Assert.Equal(AiProviderHealth.Open, status.Health);
        Assert.Equal("HTTP 503", status.LastError);
        Assert.Contains(harness.Logs.Entries, e => e.Message.Contains("circuit opened", StringComparison.Ordinal));

        // Other models of the same provider share its circuit.
        await Assert.ThrowsAsync<AiProviderUnavailableException>(() =>
            harness.Providers.GetChatClient("openai", "gpt-4o").GetResponseAsync([new(ChatRole.User, "Four")], cancellationToken: Ct));
        Assert.Equal(2, _fake.RequestCount);
    }

    [Fact]
    public async Task Given_an_open_circuit_When_the_break_has_passed_and_the_trial_call_succeeds_Then_it_closes_and_the_provider_is_healthy_again()
    {
        _fake.Fails(503, "server_error", "service_unavailable", "The engine is currently overloaded, please try again later.");
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var harness = ProvidersHarness.Start(
            ProvidersHarness.Provider("openai", "OpenAiCompatible", _fake.BaseUrl, Key, ("MaxRetries", "0"), ("BreakerMinimumThroughput", "2"), ("BreakerBreakSeconds", "30")),
            time);
        var client = harness.Providers.GetChatClient("openai", "gpt-4o-mini");
        for (var call = 0; call < 3; call++)
        {
            await Assert.ThrowsAsync<AiProviderUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "Hello")], cancellationToken: Ct));
        }

        Assert.Equal(AiProviderHealth.Open, harness.Providers.GetStatus("openai").Health);
        _fake.Recovers("Back.");
        time.Advance(TimeSpan.FromSeconds(31));

        var response = await client.GetResponseAsync([new(ChatRole.User, "Hello")], cancellationToken: Ct);

        Assert.Equal("Back.", response.Text);
        var status = harness.Providers.GetStatus("openai");
        Assert.Equal(AiProviderHealth.Healthy, status.Health);
        Assert.Equal("HTTP 503", status.LastError);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), status.LastErrorAt);
        Assert.Contains(harness.Logs.Entries, e => e.Message.Contains("circuit closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_stream_that_fails_before_its_first_token_When_reading_it_Then_it_is_retried_and_arrives_whole()
    {
        _fake.FailsThenStreams(["Dear ", "Maria"]);
        await using var harness = ProvidersHarness.Start(ProvidersHarness.Provider("openai", "OpenAiCompatible", _fake.BaseUrl, Key));

        var updates = await harness.Providers.GetChatClient("openai", "gpt-4o-mini")
            .GetStreamingResponseAsync([new(ChatRole.User, "Greet Maria.")], cancellationToken: Ct)
            .ToListAsync(Ct);

        Assert.Equal("Dear Maria", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, _fake.RequestCount);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task Given_a_streamed_answer_under_way_When_the_caller_cancels_Then_the_HTTP_request_is_aborted()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = await SlowStreamAsync(aborted);
        await using var harness = ProvidersHarness.Start(ProvidersHarness.Provider("openai", "OpenAiCompatible", provider.Address, Key, ("TimeoutSeconds", "60")));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var stream = harness.Providers.GetChatClient("openai", "gpt-4o-mini")
            .GetStreamingResponseAsync([new(ChatRole.User, "Write the renewal letter.")], cancellationToken: cancel.Token)
            .GetAsyncEnumerator(cancel.Token);
        var first = await stream.MoveNextAsync();
        var text = stream.Current.Text;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.MoveNextAsync());
        await stream.DisposeAsync();
        Assert.True(first);
        Assert.Equal("Dear ", text);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Given_a_stream_that_stalls_after_its_first_token_When_the_timeout_passes_Then_it_ends_as_unavailable_without_a_retry()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = await SlowStreamAsync(aborted);
        await using var harness = ProvidersHarness.Start(ProvidersHarness.Provider("openai", "OpenAiCompatible", provider.Address, Key, ("TimeoutSeconds", "2")));
        var received = new List<string>();

        var failure = await Assert.ThrowsAsync<AiProviderUnavailableException>(async () =>
        {
            await foreach (var update in harness.Providers.GetChatClient("openai", "gpt-4o-mini")
                .GetStreamingResponseAsync([new(ChatRole.User, "Write the renewal letter.")], cancellationToken: Ct))
            {
                received.Add(update.Text);
            }
        });

        // Retried after its first token, the caller would have seen "Dear " twice.
        Assert.Contains("the stream stalled", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["Dear "], received.Where(t => t.Length > 0));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>
    /// An OpenAI-compatible endpoint on 127.0.0.1 that streams one delta and then holds the stream open until the
    /// client goes away, which it reports: WireMock cannot tell when a client disconnects.
    /// </summary>
    private static async Task<SlowStream> SlowStreamAsync(TaskCompletionSource aborted)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stream = new SlowStream(app);
        app.MapPost(OpenAiFake.Path, async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(OpenAiFake.DeltaEvent("Dear ") + "\n\n", CancellationToken.None);
            await context.Response.Body.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });
        await app.StartAsync(Ct);
        return stream;
    }

    private sealed class SlowStream(WebApplication app) : IAsyncDisposable
    {
        public string Address => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
