using Mediator;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// Tells the open client pages of this host that a client changed, so an agent looking at a client someone else
/// just edited is told so before they edit a stale copy. (Other hosts' pages learn it from the version check when
/// they save.)
/// </summary>
internal sealed class ClientChanges
{
    public event Action<ClientUpdated>? Changed;

    public void Announce(ClientUpdated change) => Changed?.Invoke(change);

    internal sealed class Handler(ClientChanges changes) : INotificationHandler<ClientUpdated>
    {
        public ValueTask Handle(ClientUpdated notification, CancellationToken cancellationToken)
        {
            changes.Announce(notification);
            return ValueTask.CompletedTask;
        }
    }
}
