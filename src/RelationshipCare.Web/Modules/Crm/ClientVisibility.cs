using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// Whose clients someone sees. <see cref="SeesAll"/> for admins; otherwise the clients owned by one of
/// <see cref="OwnerIds"/> (the agent and, for a team lead, the members of the teams they lead) and those shared with
/// <see cref="AgentId"/>.
/// </summary>
internal sealed record Viewer(Guid AgentId, bool SeesAll, IReadOnlyList<Guid> OwnerIds)
{
    /// <summary>Owners, their leads and admins decide about a client (sharing); someone it is only shared with does not.</summary>
    public bool Manages(Guid ownerAgentId) => SeesAll || OwnerIds.Contains(ownerAgentId);

    /// <summary>Whom someone may make the owner of a client they add: themselves, or an agent whose clients they manage.</summary>
    public bool MayGiveClientsTo(Guid agentId) => agentId == AgentId || Manages(agentId);

    /// <summary>
    /// <see cref="ClientVisibility.Visible"/> for one client already in memory (read from the cache): the same rule,
    /// so a cached client is never shown to someone the database query would not show it to.
    /// </summary>
    public bool Sees(Guid ownerAgentId, IReadOnlyList<Guid> sharedWith) => Manages(ownerAgentId) || sharedWith.Contains(AgentId);
}

/// <summary>
/// The one place that decides which clients a person sees: every query of the module starts from
/// <see cref="Visible"/>, so a client someone may not see is, to them, a client that does not exist.
/// </summary>
internal sealed class ClientVisibility(CrmDbContext db, ICurrentAgent current, ISender sender, UserManager<AppUser> users)
{
    /// <summary>The signed-in user (of the request, circuit or job), from the roles their sign-in carries.</summary>
    public Task<Viewer> OfCurrentAsync(CancellationToken cancellationToken) => CurrentViewerAsync(current, sender, cancellationToken);

    /// <summary>
    /// The same, without this class's database and user manager: for reads served from memory (the cached client 360),
    /// where building those would cost more than the read itself.
    /// </summary>
    public static Task<Viewer> CurrentViewerAsync(ICurrentAgent current, ISender sender, CancellationToken cancellationToken) =>
        ViewerAsync(current.Id, current.IsAdmin, current.IsInRole(AppRoles.TeamLead), sender, cancellationToken);

    /// <summary>Any agent, by id: what other modules ask about ("can agent X see client Y").</summary>
    public async Task<Viewer> OfAgentAsync(Guid agentId, CancellationToken cancellationToken)
    {
        if (current.IsAuthenticated && current.Id == agentId)
        {
            return await OfCurrentAsync(cancellationToken);
        }

        var user = await users.FindByIdAsync(agentId.ToString());
        var roles = user is null ? [] : await users.GetRolesAsync(user);
        return await ViewerAsync(agentId, roles.Contains(AppRoles.Admin), roles.Contains(AppRoles.TeamLead), sender, cancellationToken);
    }

    /// <summary>The clients <paramref name="viewer"/> sees; filter and order from here.</summary>
    public IQueryable<Client> Visible(Viewer viewer)
    {
        if (viewer.SeesAll)
        {
            return db.Clients;
        }

        var owners = viewer.OwnerIds;
        var sharedWithViewer = db.Shares.Where(s => s.AgentId == viewer.AgentId).Select(s => s.ClientId);
        // "id IN (the viewer's shares)" rather than a correlated EXISTS: PostgreSQL reads the shares once into a hash,
        // where EXISTS inside the OR would run once per client row.
        return db.Clients.Where(c => owners.Contains(c.OwnerAgentId) || sharedWithViewer.Contains(c.Id));
    }

    /// <summary>One client, tracked for a change, or null when it does not exist or <paramref name="viewer"/> may not see it.</summary>
    public Task<Client?> FindAsync(Viewer viewer, Guid clientId, CancellationToken cancellationToken) =>
        Visible(viewer).Include(c => c.Policies).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);

    private static async Task<Viewer> ViewerAsync(Guid agentId, bool isAdmin, bool isLead, ISender sender, CancellationToken cancellationToken)
    {
        if (isAdmin)
        {
            return new Viewer(agentId, SeesAll: true, [agentId]);
        }

        if (!isLead)
        {
            return new Viewer(agentId, SeesAll: false, [agentId]);
        }

        var led = await sender.Send(new ListAgentsLedBy(agentId), cancellationToken);
        return new Viewer(agentId, SeesAll: false, led.IsError ? [agentId] : [agentId, .. led.Value]);
    }
}
