using System.ComponentModel;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// The client 360: contact, policies with their renewal countdown, custom fields with their labels, preferences,
/// internal notes, last contact, source CRM and who else the client is shared with. The stored data is cached per
/// client (it is the most read page); every command that changes it clears the client's <see cref="CacheTag"/>.
/// </summary>
internal static class GetClient
{
    public sealed record Query(Guid ClientId) : IQuery<ErrorOr<ClientDetails>>;

    /// <param name="DaysToRenewal">Days from today to the expiration date (negative once it has passed); null without one.</param>
    public sealed record PolicyDetails(
        Guid Id,
        string Number,
        string LineOfBusiness,
        string? Carrier,
        decimal? Premium,
        DateOnly? EffectiveDate,
        DateOnly? ExpirationDate,
        PolicyStatus Status,
        int? DaysToRenewal);

    public sealed record CustomFieldValue(string Key, string Label, CustomFieldType Type, string? Value);

    public sealed record NoteDetails(Guid Id, Guid AuthorAgentId, string AuthorName, string Text, DateTimeOffset CreatedAt);

    public sealed record AgentRef(Guid Id, string Name);

    /// <summary>The client's CRM deleted its record: when, and through which connection (its name, while it exists).</summary>
    public sealed record CrmRemoval(DateTimeOffset At, Guid ConnectionId, string? ConnectionName);

    /// <param name="Version">Send it back when editing: a change based on an older version is refused.</param>
    /// <param name="RemovedFromCrm">Set when the client's CRM deleted its record; null for a live client.</param>
    /// <param name="CanManageSharing">The caller may share and unshare this client (owner, their lead, admin).</param>
    public sealed record ClientDetails(
        Guid Id,
        string FirstName,
        string LastName,
        string? Email,
        string? Phone,
        string? Company,
        DateOnly? Birthdate,
        MailingAddress? Address,
        ClientPreferences Preferences,
        AgentRef Owner,
        CrmKind Source,
        Guid? SourceConnectionId,
        IReadOnlyList<string> ExternalIds,
        DateTimeOffset? LastContactAt,
        DateOnly? NextRenewalDate,
        IReadOnlyList<PolicyDetails> Policies,
        IReadOnlyList<CustomFieldValue> CustomFields,
        IReadOnlyList<NoteDetails> Notes,
        IReadOnlyList<AgentRef> SharedWith,
        bool CanManageSharing,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        CrmRemoval? RemovedFromCrm = null)
    {
        public string FullName => $"{FirstName} {LastName}";
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.ClientId).NotEmpty();
    }

    /// <summary>The tag of everything cached about one client: a command that changes what the 360 shows clears it.</summary>
    public static string CacheTag(Guid clientId) => $"crm:client:{clientId}";

    /// <summary>The tag of every cached client 360: cleared by changes that show in all of them (custom field definitions).</summary>
    public const string AllClientsCacheTag = "crm:clients";

    private static readonly HybridCacheEntryOptions CacheEntry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        // A change made through another instance reaches this one's memory within this time: it bounds how long an
        // unshared agent may still read the client there.
        LocalCacheExpiration = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// What is cached of a client: the stored data only. Who may see it, agents' names (cached in Teams, and they
    /// change there) and the days to each renewal (they change every day) are worked out on every read.
    /// </summary>
    [ImmutableObject(true)]
    internal sealed record CachedClient(
        Guid Id,
        string FirstName,
        string LastName,
        string? Email,
        string? Phone,
        string? Company,
        DateOnly? Birthdate,
        MailingAddress? Address,
        ClientPreferences Preferences,
        Guid OwnerAgentId,
        CrmKind Source,
        Guid? SourceConnectionId,
        IReadOnlyList<string> ExternalIds,
        DateTimeOffset? LastContactAt,
        DateOnly? NextRenewalDate,
        IReadOnlyList<PolicyDetails> Policies,
        IReadOnlyList<CustomFieldValue> CustomFields,
        IReadOnlyList<NoteDetails> Notes,
        IReadOnlyList<Guid> SharedWith,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        CrmRemoval? RemovedFromCrm);

    /// <remarks>
    /// The module's DbContext is resolved only on a miss: creating it, and <see cref="ClientVisibility"/>'s user manager,
    /// would cost more than a read served from memory.
    /// </remarks>
    internal sealed class Handler(IServiceProvider services, ICurrentAgent current, ISender sender, HybridCache cache, TimeProvider time)
        : IQueryHandler<Query, ErrorOr<ClientDetails>>
    {
        public async ValueTask<ErrorOr<ClientDetails>> Handle(Query query, CancellationToken cancellationToken)
        {
            var viewer = await ClientVisibility.CurrentViewerAsync(current, sender, cancellationToken);
            var client = await cache.GetOrCreateAsync(
                $"crm:client:{query.ClientId}:360",
                (services, query.ClientId),
                static async (state, ct) => await LoadAsync(state.services.GetRequiredService<CrmDbContext>(), state.ClientId, ct),
                CacheEntry,
                [CacheTag(query.ClientId), AllClientsCacheTag],
                cancellationToken);
            // The permission is decided here, for this caller, on every read: the cache holds data, never a decision.
            if (client is null || !viewer.Sees(client.OwnerAgentId, client.SharedWith))
            {
                return CrmErrors.ClientNotFound(query.ClientId);
            }

            var names = await AgentNamesAsync(sender, [client.OwnerAgentId, .. client.SharedWith], cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).DayNumber;
            return new ClientDetails(
                client.Id,
                client.FirstName,
                client.LastName,
                client.Email,
                client.Phone,
                client.Company,
                client.Birthdate,
                client.Address,
                client.Preferences,
                new AgentRef(client.OwnerAgentId, names[client.OwnerAgentId]),
                client.Source,
                client.SourceConnectionId,
                client.ExternalIds,
                client.LastContactAt,
                client.NextRenewalDate,
                [.. client.Policies.Select(p => p with { DaysToRenewal = p.ExpirationDate?.DayNumber - today })],
                client.CustomFields,
                client.Notes,
                [.. client.SharedWith.Select(id => new AgentRef(id, names[id])).OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)],
                viewer.Manages(client.OwnerAgentId),
                client.CreatedAt,
                client.UpdatedAt,
                client.Version,
                client.RemovedFromCrm);
        }

        /// <summary>The client as stored, whoever asks; null when no client has the id.</summary>
        private static async Task<CachedClient?> LoadAsync(CrmDbContext db, Guid clientId, CancellationToken cancellationToken)
        {
            var client = await db.Clients.AsNoTracking().Include(c => c.Policies).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
            if (client is null)
            {
                return null;
            }

            var notes = await db.Notes.AsNoTracking().Where(n => n.ClientId == clientId).OrderByDescending(n => n.CreatedAt)
                .Select(n => new NoteDetails(n.Id, n.AuthorAgentId, n.AuthorName, n.Text, n.CreatedAt)).ToListAsync(cancellationToken);
            var shares = await db.Shares.AsNoTracking().Where(s => s.ClientId == clientId).Select(s => s.AgentId).ToListAsync(cancellationToken);
            var externalIds = await db.ExternalIds.AsNoTracking().Where(e => e.ClientId == clientId).Select(e => e.ExternalId).ToListAsync(cancellationToken);
            var definitions = await db.CustomFields.AsNoTracking().OrderBy(f => f.Label).ToListAsync(cancellationToken);
            var removal = client is { RemovedFromCrmAt: { } removedAt, RemovedByConnectionId: { } removedBy }
                ? new CrmRemoval(
                    removedAt,
                    removedBy,
                    await db.Connections.AsNoTracking().Where(c => c.Id == removedBy).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken))
                : null;

            return new CachedClient(
                client.Id,
                client.FirstName,
                client.LastName,
                client.Email,
                client.Phone,
                client.Company,
                client.Birthdate,
                client.Address,
                new ClientPreferences(client.PreferredChannel, client.QuietHoursStart, client.QuietHoursEnd, client.Language, client.TimeZone),
                client.OwnerAgentId,
                client.Source,
                client.SourceConnectionId,
                externalIds,
                client.LastContactAt,
                client.NextRenewalDate,
                [
                    .. client.Policies
                        .OrderBy(p => p.ExpirationDate ?? DateOnly.MaxValue)
                        .Select(p => new PolicyDetails(p.Id, p.Number, p.LineOfBusiness, p.Carrier, p.Premium, p.EffectiveDate, p.ExpirationDate, p.Status, null)),
                ],
                [.. definitions.Select(d => new CustomFieldValue(d.Key, d.Label, d.Type, client.CustomFields.GetValueOrDefault(d.Key)))],
                notes,
                shares,
                client.CreatedAt,
                client.UpdatedAt,
                client.Version,
                removal);
        }
    }

    /// <summary>Agents' names from the Teams module (cached there); an id it does not know reads "Former agent".</summary>
    internal static async Task<Dictionary<Guid, string>> AgentNamesAsync(ISender sender, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        Dictionary<Guid, string> names = [];
        foreach (var id in ids.Distinct())
        {
            var agent = await sender.Send(new GetAgent(id), cancellationToken);
            names[id] = agent.IsError ? "Former agent" : agent.Value.FullName;
        }

        return names;
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/clients/{id:guid}", async Task<Results<Ok<ClientDetails>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(id), ct)).ToOk())
            .WithName("GetClient")
            .WithSummary("One client's 360 view: contact, policies, custom fields, preferences, notes, source and shares.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
