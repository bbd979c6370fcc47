using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.Tokenizers;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Providers.Local;

namespace RelationshipCare.Benchmarks.AiProviders;

/// <summary>
/// What the provider layer adds to a call: the resilience pipeline (timeout, retry, circuit breaker) around an instant
/// provider, answered and streamed, against calling that provider directly; and the local provider's own work on a
/// note of about 1,000 tokens.
/// </summary>
[MemoryDiagnoser]
public class AiProviderBenchmarks
{
    private static readonly ChatMessage[] ShortPrompt = [new(ChatRole.User, "When does Maria's policy renew?")];

    private readonly InstantChatClient _instant = new();
    private IChatClient _resilient = null!;
    private LocalChatClient _local = null!;
    private ChatMessage[] _summaryPrompt = null!;
    private ChatMessage[] _draftPrompt = null!;
    private ChatOptions _sentiment = null!;

    [GlobalSetup]
    public void Setup()
    {
        var resilience = new ProviderResilience("bench", new AiProviderOptions { Kind = AiProviderKind.OpenAiCompatible }, TimeProvider.System, NullLogger.Instance);
        _resilient = new ResilientChatClient(_instant, resilience);
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");
        _local = new LocalChatClient(tokenizer, TimeProvider.System);

        const string Paragraph = "Spoke with Maria Lopez about her homeowners policy. Her renewal premium rises from $1,480 to $1,710 on January 15, 2027. "
            + "She asked whether raising the deductible to $2,500 would bring the premium back under $1,500. She was frustrated by the increase but thanked me for calling early. "
            + "Her daughter starts driving in March and will need to be added to the auto policy. I promised to send a quote with the higher deductible by Friday. ";
        var notes = string.Concat(Enumerable.Repeat(Paragraph, 12));
        _summaryPrompt = [new(ChatRole.User, "Summarize these call notes:\n" + notes)];
        _draftPrompt = [new(ChatRole.System, "Client: Maria Lopez\nPolicy: homeowners\nRenewal date: 2027-01-15\nPremium: $1,710\nAgent: Sam Carter"), new(ChatRole.User, "Draft a renewal reminder.")];
        _sentiment = new ChatOptions { AdditionalProperties = new() { [LocalAiProvider.TaskProperty] = LocalAiTask.Sentiment } };
        if (tokenizer.CountTokens(_summaryPrompt[0].Text) is < 900 or > 1300)
        {
            throw new InvalidOperationException("The benchmark note should be about 1,000 tokens.");
        }
    }

    [Benchmark(Baseline = true, Description = "Instant provider, called directly")]
    public Task<ChatResponse> Direct() => _instant.GetResponseAsync(ShortPrompt);

    [Benchmark(Description = "Instant provider, behind the resilience pipeline")]
    public Task<ChatResponse> Resilient() => _resilient.GetResponseAsync(ShortPrompt);

    [Benchmark(Description = "Instant provider streamed (21 updates), behind the resilience pipeline")]
    public async Task<int> ResilientStream()
    {
        var count = 0;
        await foreach (var _ in _resilient.GetStreamingResponseAsync(ShortPrompt))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "Local provider: summary of a 1,000-token note")]
    public Task<ChatResponse> LocalSummary() => _local.GetResponseAsync(_summaryPrompt);

    [Benchmark(Description = "Local provider: sentiment of a 1,000-token note")]
    public Task<ChatResponse> LocalSentiment() => _local.GetResponseAsync(_summaryPrompt, _sentiment);

    [Benchmark(Description = "Local provider: renewal reminder draft")]
    public Task<ChatResponse> LocalDraft() => _local.GetResponseAsync(_draftPrompt);
}
