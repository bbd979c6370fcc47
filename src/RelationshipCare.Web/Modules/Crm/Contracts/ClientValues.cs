namespace RelationshipCare.Web.Modules.Crm.Contracts;

/// <summary>Where a policy stands.</summary>
public enum PolicyStatus
{
    Quoted,
    Active,
    Lapsed,
    Cancelled,
    Expired,
}

/// <summary>A postal address; US addresses use the two-letter state code.</summary>
public sealed record MailingAddress(string? Street, string? City, string? State, string? PostalCode, string? Country);

/// <summary>How and when a client wants to be reached. Quiet hours are in the client's own time zone.</summary>
public sealed record ClientPreferences(
    string? PreferredChannel,
    TimeOnly? QuietHoursStart,
    TimeOnly? QuietHoursEnd,
    string? Language,
    string? TimeZone);
