using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Platform.Events;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// Tells the open client pages of the host that handles the change's event that a client changed, so an agent looking
/// at a client someone else just edited is told so before they edit a stale copy. (Other hosts' pages learn it from the
/// version check when they save.)
/// </summary>
internal sealed class ClientChanges
{
    public event Action<ClientUpdated>? Changed;

    public void Announce(ClientUpdated change) => Changed?.Invoke(change);

    internal sealed class Handler(ClientChanges changes) : IIntegrationEventHandler<ClientUpdated>
    {
        public Task HandleAsync(ClientUpdated @event, CancellationToken cancellationToken)
        {
            changes.Announce(@event);
            return Task.CompletedTask;
        }
    }
}
