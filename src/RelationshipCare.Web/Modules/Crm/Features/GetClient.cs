using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// The client 360: contact, policies with their renewal countdown, custom fields with their labels, preferences,
/// internal notes, last contact, source CRM and who else the client is shared with.
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

    /// <param name="Version">Send it back when editing: a change based on an older version is refused.</param>
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
        int Version)
    {
        public string FullName => $"{FirstName} {LastName}";
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.ClientId).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility, ISender sender, TimeProvider time)
        : IQueryHandler<Query, ErrorOr<ClientDetails>>
    {
        public async ValueTask<ErrorOr<ClientDetails>> Handle(Query query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var client = await visibility.Visible(viewer).AsNoTracking().Include(c => c.Policies)
                .SingleOrDefaultAsync(c => c.Id == query.ClientId, cancellationToken);
            if (client is null)
            {
                return CrmErrors.ClientNotFound(query.ClientId);
            }

            var notes = await db.Notes.AsNoTracking().Where(n => n.ClientId == client.Id).OrderByDescending(n => n.CreatedAt).ToListAsync(cancellationToken);
            var shares = await db.Shares.AsNoTracking().Where(s => s.ClientId == client.Id).Select(s => s.AgentId).ToListAsync(cancellationToken);
            var externalIds = await db.ExternalIds.AsNoTracking().Where(e => e.ClientId == client.Id).Select(e => e.ExternalId).ToListAsync(cancellationToken);
            var definitions = await db.CustomFields.AsNoTracking().OrderBy(f => f.Label).ToListAsync(cancellationToken);
            var names = await AgentNamesAsync(sender, [client.OwnerAgentId, .. shares], cancellationToken);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

            return new ClientDetails(
                client.Id,
                client.FirstName,
                client.LastName,
                client.Email,
                client.Phone,
                client.Company,
                client.Birthdate,
                client.Address,
                new ClientPreferences(client.PreferredChannel, client.QuietHoursStart, client.QuietHoursEnd, client.Language, client.TimeZone),
                new AgentRef(client.OwnerAgentId, names[client.OwnerAgentId]),
                client.Source,
                client.SourceConnectionId,
                externalIds,
                client.LastContactAt,
                client.NextRenewalDate,
                [
                    .. client.Policies
                        .OrderBy(p => p.ExpirationDate ?? DateOnly.MaxValue)
                        .Select(p => new PolicyDetails(p.Id, p.Number, p.LineOfBusiness, p.Carrier, p.Premium, p.EffectiveDate, p.ExpirationDate, p.Status,
                            p.ExpirationDate is { } expires ? expires.DayNumber - today.DayNumber : null)),
                ],
                [.. definitions.Select(d => new CustomFieldValue(d.Key, d.Label, d.Type, client.CustomFields.GetValueOrDefault(d.Key)))],
                [.. notes.Select(n => new NoteDetails(n.Id, n.AuthorAgentId, n.AuthorName, n.Text, n.CreatedAt))],
                [.. shares.Select(id => new AgentRef(id, names[id])).OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)],
                viewer.Manages(client.OwnerAgentId),
                client.CreatedAt,
                client.UpdatedAt,
                client.Version);
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
