using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Platform.Events;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// A client changed in Crm: the answers cached for questions about that client were built from what it was, so they
/// go. Delivered through the outbox, so an edit never leaves a stale answer behind, even across a crash.
/// </summary>
internal sealed class ForgetAnswersOfChangedClient(AnswerCache cache) : IIntegrationEventHandler<ClientUpdated>
{
    public async Task HandleAsync(ClientUpdated @event, CancellationToken cancellationToken) =>
        await cache.PurgeClientAsync(@event.ClientId, cancellationToken);
}
