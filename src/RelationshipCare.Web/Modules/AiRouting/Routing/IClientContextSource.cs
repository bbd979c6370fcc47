namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// What the router needs of the CRM: whether an agent may see a client, and the client's context for a model. The
/// Crm module answers it through its contracts once it is wired; until then <see cref="NoClientContext"/> does.
/// </summary>
internal interface IClientContextSource
{
    Task<bool> CanSeeAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken);

    /// <summary>A plain-text summary of the client for the model (contact, policies, recent history), or null when there is none.</summary>
    Task<string?> ContextForAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken);
}

/// <summary>
/// No client data is available yet: no context is added to requests, so no answer carries a client's data, and the
/// client id only scopes the cache. Replaced by the Crm module's source when that module is wired in.
/// </summary>
internal sealed class NoClientContext : IClientContextSource
{
    public Task<bool> CanSeeAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<string?> ContextForAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
