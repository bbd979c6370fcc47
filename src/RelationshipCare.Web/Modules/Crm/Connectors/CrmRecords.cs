using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

/// <summary>The systems a client can come from. <see cref="Native"/> is the platform's own store.</summary>
internal enum CrmKind
{
    Native,
    Salesforce,
    HubSpot,
    Zoho,
}

/// <summary>A policy as a CRM holds it, in the platform's terms.</summary>
internal sealed record CrmPolicy(
    string ExternalId,
    string Number,
    string LineOfBusiness,
    string? Carrier,
    decimal? Premium,
    DateOnly? EffectiveDate,
    DateOnly? ExpirationDate,
    PolicyStatus Status)
{
    /// <summary>The platform's own id for the policy, when writing one: an upsert key where the CRM has one for policies.</summary>
    public string? PlatformId { get; init; }
}

/// <summary>
/// A client as one CRM holds it, already mapped into the platform's fields by that connector's field mapper
/// (the unified shape, before it is stored). Phones are E.164 and emails lower-case when the mapper could
/// normalize them; <see cref="CustomFields"/> are keyed by the platform's custom field name (admin mappings).
/// </summary>
internal sealed record CrmClient
{
    /// <summary>The record's id in the CRM; empty for a client not yet created there.</summary>
    public required string ExternalId { get; init; }

    /// <summary>
    /// The platform's own id for the client, when it has one. A create carries it (or another duplicate-check key)
    /// so that a retried write finds the record the first attempt made instead of making a second.
    /// </summary>
    public string? PlatformId { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Company { get; init; }

    public DateOnly? Birthdate { get; init; }

    public MailingAddress? Address { get; init; }

    public ClientPreferences? Preferences { get; init; }

    /// <summary>The CRM user who owns the record (mapped to a platform agent by the connection's owner map).</summary>
    public string? OwnerExternalId { get; init; }

    public DateTimeOffset? LastContactAt { get; init; }

    /// <summary>When the CRM last changed the record: the cursor of incremental sync.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    public IReadOnlyDictionary<string, string?> CustomFields { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<CrmPolicy> Policies { get; init; } = [];
}

/// <summary>One page of changed clients and where the next page starts (null when this was the last).</summary>
internal sealed record CrmPage(IReadOnlyList<CrmClient> Clients, string? NextCursor);

/// <summary>A record the CRM deleted (Salesforce, Zoho) or archived (HubSpot), and when.</summary>
internal sealed record CrmDeletion(string ExternalId, DateTimeOffset DeletedAt);

/// <summary>
/// One page of deleted records and where the next page starts (null when this was the last). On the last page,
/// <see cref="CoveredThrough"/> is where the next listing must start when the CRM says so (Salesforce's
/// <c>latestDateCovered</c>); null means the listing covered everything up to the time asked for.
/// </summary>
internal sealed record CrmDeletionPage(IReadOnlyList<CrmDeletion> Deletions, string? NextCursor, DateTimeOffset? CoveredThrough = null);

/// <summary>
/// What a connector and its field mapper can carry, shown to admins and checked before a write.
/// <see cref="SupportedFields"/> are written and read back unchanged; <see cref="ReadOnlyFields"/> are only read.
/// </summary>
internal sealed record CrmCapabilities(IReadOnlySet<string> SupportedFields, IReadOnlyList<string> UnsupportedFeatures)
{
    public IReadOnlySet<string> ReadOnlyFields { get; init; } = new HashSet<string>();

    /// <summary>Client fields a client needs before it can be created in the CRM (its duplicate-check key), so a retry finds the first attempt.</summary>
    public IReadOnlySet<string> RequiredToCreate { get; init; } = new HashSet<string>();

    /// <summary>Client fields a client needs before its policies can be written (Salesforce insures the contact's Account).</summary>
    public IReadOnlySet<string> RequiredForPolicies { get; init; } = new HashSet<string>();

    /// <summary>Whether policies are written to the CRM: agents may add and edit policies of its clients.</summary>
    public bool WritesPolicies => SupportedFields.Contains(Mapping.ClientFields.Policies);
}

/// <summary>What the CRM last said about its own quota (from its limit headers), if it says anything.</summary>
internal sealed record CrmQuota(long? Used, long? Limit, DateTimeOffset ObservedAt);

/// <summary>The outcome of "test connection": it either authenticated and read, or says why not.</summary>
internal sealed record CrmConnectionCheck(bool Succeeded, string Message, CrmQuota? Quota);
