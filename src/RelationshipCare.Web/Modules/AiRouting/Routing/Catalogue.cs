using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>The built-in provider's one model: no key, no network, and honestly priced at $0.</summary>
internal static class LocalModel
{
    public const string Name = LocalAiProvider.Name;
    public const string Provider = LocalAiProvider.Name;

    public static CatalogueModel Model { get; } = new(Name, Provider, 128_000, 4_096, [new ModelPrice(new DateOnly(2026, 1, 1), 0, 0, 0)], Enabled: true);
}

/// <summary>Dollars per million tokens from a date. A dollar per million tokens is a millionth of a dollar per token.</summary>
internal sealed record ModelPrice(DateOnly EffectiveFrom, decimal InputPerMillion, decimal OutputPerMillion, decimal CachedInputPerMillion)
{
    /// <summary>The cost in millionths of a dollar, rounded up so a request is never billed below its price.</summary>
    public long CostMicros(int inputTokens, int cachedInputTokens, int outputTokens) =>
        (long)Math.Ceiling((Math.Max(0, inputTokens - cachedInputTokens) * InputPerMillion)
            + (cachedInputTokens * CachedInputPerMillion) + (outputTokens * OutputPerMillion));
}

internal sealed record CatalogueModel(string Name, string Provider, int ContextWindow, int MaxOutputTokens, IReadOnlyList<ModelPrice> Prices, bool Enabled)
{
    /// <summary>The price in effect on <paramref name="day"/>; none means the model cannot be routed to.</summary>
    public ModelPrice? PriceOn(DateOnly day) => Prices.Where(p => p.EffectiveFrom <= day).MaxBy(p => p.EffectiveFrom);
}

/// <summary>The catalogue and tier chains in force: the configuration with the admins' edits on top.</summary>
internal sealed record CatalogueSnapshot(IReadOnlyDictionary<string, CatalogueModel> Models, IReadOnlyDictionary<string, IReadOnlyList<string>> Tiers)
{
    public CatalogueModel? Find(string name) => Models.GetValueOrDefault(name);
}

/// <summary>
/// Builds the catalogue once and keeps it; the back-office editors call <see cref="Invalidate"/> after they save. Other
/// instances pick an edit up within <see cref="RefreshAfter"/>.
/// </summary>
internal sealed class ModelCatalogue(IOptions<AiRoutingOptions> options, IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (CatalogueSnapshot Snapshot, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<CatalogueSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && time.GetUtcNow() - current.LoadedAt < RefreshAfter)
        {
            return current.Snapshot;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && time.GetUtcNow() - fresh.LoadedAt < RefreshAfter)
            {
                return fresh.Snapshot;
            }

            var snapshot = await LoadAsync(cancellationToken);
            _current = (snapshot, time.GetUtcNow());
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate() => _current = null;

    private async Task<CatalogueSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>();
        var edits = await db.Models.AsNoTracking().ToListAsync(cancellationToken);
        var rules = await db.RoutingRules.AsNoTracking().ToListAsync(cancellationToken);
        return Build(options.Value, edits, rules);
    }

    /// <summary>
    /// Configuration first, then each admin edit replaces a model's limits and adds its price from its date (earlier
    /// prices stay for the days before), and each edited rule replaces its tier's chain.
    /// </summary>
    public static CatalogueSnapshot Build(AiRoutingOptions options, IReadOnlyList<AiModelEntry> edits, IReadOnlyList<AiRoutingRule> rules)
    {
        var models = new Dictionary<string, CatalogueModel>(StringComparer.OrdinalIgnoreCase) { [LocalModel.Name] = LocalModel.Model };
        foreach (var model in options.Models)
        {
            models[model.Name] = new CatalogueModel(model.Name, model.Provider, model.ContextWindow, model.MaxOutputTokens,
                [.. model.Prices.Select(p => new ModelPrice(p.EffectiveFrom, p.InputPerMillion, p.OutputPerMillion, p.CachedInputPerMillion))], Enabled: true);
        }

        foreach (var edit in edits.Where(e => e.Name != LocalModel.Name))
        {
            var price = new ModelPrice(edit.PriceEffectiveFrom, edit.InputPerMillion, edit.OutputPerMillion, edit.CachedInputPerMillion);
            var earlier = models.TryGetValue(edit.Name, out var configured)
                ? configured.Prices.Where(p => p.EffectiveFrom < edit.PriceEffectiveFrom)
                : [];
            models[edit.Name] = new CatalogueModel(edit.Name, edit.Provider, edit.ContextWindow, edit.MaxOutputTokens, [.. earlier, price], edit.Enabled);
        }

        var tiers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var tier in Contracts.AiRequestTypes.All)
        {
            tiers[tier] = options.Tiers.TryGetValue(tier, out var chain) ? chain : [LocalModel.Name];
        }

        foreach (var rule in rules)
        {
            tiers[rule.Tier] = rule.Models;
        }

        return new CatalogueSnapshot(models, tiers);
    }
}
