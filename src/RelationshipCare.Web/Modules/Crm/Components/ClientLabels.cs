using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Web.Modules.Crm.Components;

/// <summary>How the client pages word the module's values.</summary>
internal static class ClientLabels
{
    public static string Source(CrmKind kind) => kind == CrmKind.Native ? "Relationship Care" : kind.ToString();

    public static string Sort(ClientSort sort) => sort switch
    {
        ClientSort.NextRenewal => "Next renewal",
        ClientSort.LastContact => "Last contact",
        _ => "Name",
    };

    public static string Channel(string? channel) => channel switch
    {
        "sms" => "Text message",
        "email" => "Email",
        "phone" => "Phone call",
        _ => "No preference",
    };

    public static string Phone(string? e164) => e164 is null ? "" : ClientPhones.Display(e164);

    public static string Initials(string firstName, string lastName) =>
        $"{(firstName.Length > 0 ? firstName[0] : ' ')}{(lastName.Length > 0 ? lastName[0] : ' ')}".Trim().ToUpperInvariant();

    public static string When(DateTimeOffset? at, TimeProvider time)
    {
        if (at is not { } moment)
        {
            return "Never";
        }

        var days = (int)(time.GetUtcNow() - moment).TotalDays;
        return days switch
        {
            0 => "Today",
            1 => "Yesterday",
            < 60 => $"{days} days ago",
            _ => moment.ToString("d MMM yyyy", System.Globalization.CultureInfo.CurrentCulture),
        };
    }
}
