using ErrorOr;
using Mediator;
using RelationshipCare.Web.Platform.Events;

namespace RelationshipCare.Web.Modules.Crm.Contracts;

/// <summary>A policy as other modules see it.</summary>
/// <param name="LineOfBusiness">One of the Teams module's lines of business.</param>
/// <param name="ExpirationDate">When the policy expires, which is when it is up for renewal.</param>
public sealed record PolicySnapshot(
    string Number,
    string LineOfBusiness,
    string? Carrier,
    decimal? Premium,
    DateOnly? EffectiveDate,
    DateOnly? ExpirationDate,
    PolicyStatus Status);

/// <summary>A client as other modules see it.</summary>
/// <param name="Phone">E.164, such as +14155550132.</param>
/// <param name="Source">Where the client is kept: Native (the platform's own store), Salesforce, HubSpot or Zoho.</param>
/// <param name="CustomFields">Admin-defined field values by key.</param>
public sealed record ClientSnapshot(
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
    string Source,
    DateTimeOffset? LastContactAt,
    DateOnly? NextRenewalDate,
    IReadOnlyDictionary<string, string?> CustomFields,
    IReadOnlyList<PolicySnapshot> Policies)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>One line of a client search.</summary>
public sealed record ClientSummary(Guid Id, string FirstName, string LastName, string? Email, string? Phone, string? Company, DateOnly? NextRenewalDate);

/// <summary>
/// One client as <paramref name="AgentId"/> may see it. Not found (<c>crm.client-not-found</c>) when no client has the
/// id or the agent may not see it: the two are not told apart.
/// </summary>
public sealed record GetClientSnapshot(Guid ClientId, Guid AgentId) : IQuery<ErrorOr<ClientSnapshot>>;

/// <summary>
/// The clients <paramref name="AgentId"/> sees whose name (by prefix), email, phone or policy number matches
/// <paramref name="Text"/> (all of them when empty), in name order, at most <paramref name="Limit"/> (1 to 100).
/// </summary>
public sealed record SearchClients(Guid AgentId, string? Text, int Limit = 20) : IQuery<ErrorOr<IReadOnlyList<ClientSummary>>>;

/// <summary>True when <paramref name="AgentId"/> may see the client (owns it, has it shared, leads its owner, or is an admin).</summary>
public sealed record CanAgentSeeClient(Guid AgentId, Guid ClientId) : IQuery<ErrorOr<bool>>;

/// <summary>
/// A client's details or policies changed: an integration event, written with the change and delivered after it commits,
/// in order per client.
/// </summary>
/// <param name="ChangedBy">The user who made the change.</param>
public sealed record ClientUpdated(Guid ClientId, Guid ChangedBy, DateTimeOffset ChangedAt) : IIntegrationEvent
{
    Guid IIntegrationEvent.Subject => ClientId;
}
