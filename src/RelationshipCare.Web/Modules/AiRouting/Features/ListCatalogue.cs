using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>The models that can be routed to, with today's prices, and each tier's chain.</summary>
internal static class ListCatalogue
{
    public sealed record Query : IQuery<ErrorOr<Catalogue>>;

    public sealed record Catalogue(IReadOnlyList<Model> Models, IReadOnlyList<Tier> Tiers);

    /// <param name="Routable">Enabled, priced today, and its provider is configured.</param>
    /// <param name="Price">Today's price; null when none is in effect (then it cannot be routed to).</param>
    public sealed record Model(string Name, string Provider, int ContextWindow, int MaxOutputTokens, bool Enabled, bool ProviderConfigured, bool Routable, Price? Price, string ProviderHealth);

    public sealed record Price(DateOnly EffectiveFrom, decimal InputPerMillion, decimal OutputPerMillion, decimal CachedInputPerMillion);

    public sealed record Tier(string Name, IReadOnlyList<string> Models);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(ModelCatalogue catalogue, IAiProviders providers, TimeProvider time) : IQueryHandler<Query, ErrorOr<Catalogue>>
    {
        public async ValueTask<ErrorOr<Catalogue>> Handle(Query query, CancellationToken cancellationToken)
        {
            var snapshot = await catalogue.GetAsync(cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var models = snapshot.Models.Values.OrderBy(m => m.Provider).ThenBy(m => m.Name).Select(m =>
            {
                var price = m.PriceOn(today);
                var configured = providers.Names.Contains(m.Provider);
                return new Model(m.Name, m.Provider, m.ContextWindow, m.MaxOutputTokens, m.Enabled, configured, m.Enabled && configured && price is not null,
                    price is null ? null : new Price(price.EffectiveFrom, price.InputPerMillion, price.OutputPerMillion, price.CachedInputPerMillion),
                    configured ? providers.GetStatus(m.Provider).Health.ToString() : "Not configured");
            }).ToList();
            var tiers = snapshot.Tiers.Select(t => new Tier(t.Key, t.Value)).OrderBy(t => t.Name).ToList();
            return new Catalogue(models, tiers);
        }
    }

    public static void Map(IEndpointRouteBuilder ai) =>
        ai.MapGet("/models", async Task<Results<Ok<Catalogue>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListAiCatalogue")
            .WithSummary("Lists the AI models with today's prices and provider health, and each tier's chain of models.");
}
