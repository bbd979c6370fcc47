using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Data;

/// <summary>
/// A client of the agency, from the platform's own store or synced from an external CRM (<see cref="Source"/>).
/// Emails are stored lower-case and phones in E.164, so search compares like with like.
/// </summary>
internal sealed class Client
{
    public Guid Id { get; init; }

    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    /// <summary>"last, first" in lower case: the name search (by prefix) and the name order, kept with the name.</summary>
    public string SortName { get; private set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Company { get; set; }

    public DateOnly? Birthdate { get; set; }

    public string? Street { get; set; }

    public string? City { get; set; }

    /// <summary>The two-letter US state code (its own column: compliance rules depend on the client's state).</summary>
    public string? State { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }

    public string? PreferredChannel { get; set; }

    public TimeOnly? QuietHoursStart { get; set; }

    public TimeOnly? QuietHoursEnd { get; set; }

    public string? Language { get; set; }

    public string? TimeZone { get; set; }

    public Guid OwnerAgentId { get; set; }

    public CrmKind Source { get; init; }

    /// <summary>
    /// The CRM connection the client comes from; null for the platform's own store, and for a client its CRM deleted
    /// (so nothing is ever written back to a record the CRM no longer has).
    /// </summary>
    public Guid? SourceConnectionId { get; set; }

    /// <summary>
    /// When the client's CRM deleted (or archived) its record; null for a live client. The client stays, with its
    /// notes, hidden from "My clients" unless asked for; a later change of the same record in the CRM brings it back.
    /// </summary>
    public DateTimeOffset? RemovedFromCrmAt { get; set; }

    /// <summary>The connection whose CRM deleted the record (null for a live client).</summary>
    public Guid? RemovedByConnectionId { get; set; }

    /// <summary>The deleted record's id in that CRM, so that a record restored from its recycle bin finds this client again.</summary>
    public string? RemovedExternalId { get; set; }

    public DateTimeOffset? LastContactAt { get; set; }

    /// <summary>The earliest expiration date of the client's active policies: the "next renewal" order and column.</summary>
    public DateOnly? NextRenewalDate { get; private set; }

    /// <summary>Admin-defined fields by key (see <see cref="CustomFieldDefinition"/>), stored as JSON.</summary>
    public Dictionary<string, string?> CustomFields { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The concurrency token: each change increments it, and a write based on an older version is refused.</summary>
    public int Version { get; set; }

    public List<ClientPolicy> Policies { get; init; } = [];

    public void Rename(string firstName, string lastName)
    {
        FirstName = firstName.Trim();
        LastName = lastName.Trim();
        SortName = NameKey(FirstName, LastName);
    }

    /// <summary>Recomputes <see cref="NextRenewalDate"/>: call after the policies change.</summary>
    public void PoliciesChanged() =>
        NextRenewalDate = Policies.Where(p => p.Status == PolicyStatus.Active && p.ExpirationDate is not null).Min(p => p.ExpirationDate);

    public MailingAddress? Address =>
        Street is null && City is null && State is null && PostalCode is null && Country is null ? null : new MailingAddress(Street, City, State, PostalCode, Country);

    public static string NameKey(string firstName, string lastName) => $"{lastName.Trim()}, {firstName.Trim()}".ToLowerInvariant();
}

/// <summary>A client's id in one CRM connection: how synced records find their client again.</summary>
internal sealed class ClientExternalId
{
    public Guid ClientId { get; init; }

    public Guid ConnectionId { get; init; }

    public required string ExternalId { get; init; }
}

internal sealed class ClientPolicy
{
    public Guid Id { get; init; }

    public Guid ClientId { get; init; }

    /// <summary>The policy's id in the client's CRM, once the CRM has it (synced from there, or written there by the outbox).</summary>
    public string? ExternalId { get; set; }

    /// <summary>Unique across the agency, stored upper-case.</summary>
    public required string Number { get; set; }

    /// <summary>One of the Teams module's lines of business.</summary>
    public required string LineOfBusiness { get; set; }

    public string? Carrier { get; set; }

    public decimal? Premium { get; set; }

    public DateOnly? EffectiveDate { get; set; }

    /// <summary>When the policy expires, which is when it is up for renewal.</summary>
    public DateOnly? ExpirationDate { get; set; }

    public PolicyStatus Status { get; set; }

    /// <summary>
    /// When an agent last added or changed the policy on a client kept in a CRM that has not received it yet; cleared
    /// by the outbox's delivery. Null for policies the CRM already has and for clients of the platform's own store.
    /// </summary>
    public DateTimeOffset? WritePendingSince { get; set; }
}

/// <summary>An agent's internal note on a client; never written to a CRM.</summary>
internal sealed class ClientNote
{
    public const int MaxLength = 4000;

    public Guid Id { get; init; }

    public Guid ClientId { get; init; }

    public Guid AuthorAgentId { get; init; }

    /// <summary>The author's name as it was when they wrote the note (admins have no agent profile to look it up in).</summary>
    public required string AuthorName { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A client shared with an agent other than its owner, who then sees (and may edit) it too.</summary>
internal sealed class ClientShare
{
    public Guid ClientId { get; init; }

    public Guid AgentId { get; init; }

    public DateTimeOffset SharedAt { get; init; }
}

internal enum CustomFieldType
{
    Text,
    Number,
    Date,
    Choice,
}

/// <summary>A field admins add to every client, such as "Referral source"; values live in <see cref="Client.CustomFields"/>.</summary>
internal sealed class CustomFieldDefinition
{
    public Guid Id { get; init; }

    /// <summary>The stable key values are stored under, such as <c>referral_source</c>.</summary>
    public required string Key { get; init; }

    public required string Label { get; set; }

    public CustomFieldType Type { get; init; }

    /// <summary>The allowed values of a <see cref="CustomFieldType.Choice"/> field.</summary>
    public List<string> Choices { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
}
