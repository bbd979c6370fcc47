using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Benchmarks;

/// <summary>
/// The router's own work per request, in process, without I/O: on a cache hit, the scope-bound cache key (SHA-256 of
/// the normalized messages and parameters) and the lookup in HybridCache's memory level; on a miss, the same plus the
/// tier, the o200k token count of a 1,000-token prompt and the cost estimate. The database round trips of a real
/// request (budget check, reservation, record) are not part of this figure; the load runs measure them.
/// </summary>
[MemoryDiagnoser]
public class AiRouterOverheadBenchmarks
{
    private static readonly AiCaller Caller = new(Guid.CreateVersion7(), Guid.CreateVersion7());
    private static readonly ModelPrice Price = new(new DateOnly(2026, 11, 1), 0.40m, 1.60m, 0.10m);

    private ServiceProvider _services = null!;
    private AnswerCache _cache = null!;
    private TokenCounter _tokens = null!;
    private AiAsk _cachedAsk = null!;
    private AiAsk _newAsk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddHybridCache().Services
            .AddSingleton<AnswerCache>()
            .AddSingleton<TokenCounter>()
            .BuildServiceProvider();
        _cache = _services.GetRequiredService<AnswerCache>();
        _tokens = _services.GetRequiredService<TokenCounter>();

        _cachedAsk = Ask("When does the Lopez homeowners policy renew?");
        var key = AnswerCache.KeyFor(_cachedAsk, Caller, "gpt-4.1-mini", 300);
        _cache.StoreAsync(key, new CachedAnswer("On 15 January.", "gpt-4.1-mini", "openai", "simple-lookup", 5), TimeSpan.FromHours(1), ["ai:answers"], default)
            .AsTask().GetAwaiter().GetResult();

        var notes = string.Join(" ", Enumerable.Range(1, 82).Select(i => $"Note {i}: the client asked about renewal {i}."));
        _newAsk = Ask("Summarize these notes: " + notes);
        var count = _tokens.CountPrompt(_newAsk.Messages);
        if (count is < 900 or > 1100)
        {
            throw new InvalidOperationException($"The miss benchmark's prompt is {count} tokens, not about 1,000.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "Cache hit: key and lookup")]
    public async Task<bool> CacheHit()
    {
        var key = AnswerCache.KeyFor(_cachedAsk, Caller, "gpt-4.1-mini", 300);
        return await _cache.FindAsync(key, default) is not null;
    }

    [Benchmark(Description = "Cache miss: key, lookup, tier, token count of ~1,000 tokens, estimate")]
    public async Task<long> CacheMissWithEstimate()
    {
        var tier = RequestClassifier.TierFor(_newAsk, reasoningComplexityBelow: 5);
        var key = AnswerCache.KeyFor(_newAsk, Caller, tier, 1000);
        if (await _cache.FindAsync(key, default) is not null)
        {
            return 0;
        }

        var promptTokens = _tokens.CountPrompt(_newAsk.Messages);
        return Price.CostMicros(promptTokens, 0, 1000);
    }

    private static AiAsk Ask(string prompt) =>
        new(AiRequestTypes.Complex, AiAsk.FromPrompt(prompt, null), 6, false, false, null, null, null, null, null, BypassCache: false, "api");
}
