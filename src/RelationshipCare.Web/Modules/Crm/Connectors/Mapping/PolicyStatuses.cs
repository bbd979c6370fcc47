using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>A CRM's policy status text in the platform's terms (CRMs spell "cancelled" both ways and add their own).</summary>
internal static class PolicyStatuses
{
    public static PolicyStatus Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "QUOTED" or "QUOTE" or "PROPOSED" or "DRAFT" or "PENDING" => PolicyStatus.Quoted,
        "LAPSED" => PolicyStatus.Lapsed,
        "CANCELLED" or "CANCELED" => PolicyStatus.Cancelled,
        "EXPIRED" or "INACTIVE" => PolicyStatus.Expired,
        _ => PolicyStatus.Active,
    };

    public static string Format(PolicyStatus status) => status.ToString();
}
