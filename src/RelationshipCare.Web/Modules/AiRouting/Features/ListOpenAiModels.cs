using ErrorOr;
using FluentValidation;
using Mediator;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary><c>GET /v1/models</c>: the models that can be routed to now, the tiers, and <c>auto</c>, in OpenAI's list shape.</summary>
internal static class ListOpenAiModels
{
    public const string RouterOwner = "relationship-care";

    public sealed record Query : IQuery<ErrorOr<ModelList>>;

    public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);

    /// <param name="Created">Unix seconds: when the model's current price took effect.</param>
    public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(ModelCatalogue catalogue, IAiProviders providers, TimeProvider time) : IQueryHandler<Query, ErrorOr<ModelList>>
    {
        public async ValueTask<ErrorOr<ModelList>> Handle(Query query, CancellationToken cancellationToken)
        {
            var snapshot = await catalogue.GetAsync(cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var models = snapshot.Models.Values
                .Where(m => m.Enabled && providers.Names.Contains(m.Provider) && m.PriceOn(today) is not null)
                .OrderBy(m => m.Name)
                .Select(m => new ModelEntry(m.Name, "model", Unix(m.PriceOn(today)!.EffectiveFrom), m.Provider));
            var routes = snapshot.Tiers.Keys.Order().Append(AiAsk.Auto).Select(name => new ModelEntry(name, "model", 0, RouterOwner));
            return new ModelList("list", [.. routes, .. models]);
        }

        private static long Unix(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
    }

    public static void Map(IEndpointRouteBuilder v1) =>
        v1.MapGet("/models", async (ISender sender, CancellationToken ct) =>
            {
                var models = await sender.Send(new Query(), ct);
                return models.IsError ? models.Errors.ToOpenAiError() : Results.Json(models.Value, OpenAiCompatible.Json);
            })
            .WithName("ListModels")
            .WithSummary("OpenAI-compatible list of models: the routable models, the tiers and 'auto'.")
            .Produces<ModelList>(StatusCodes.Status200OK);
}
