using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Connectors.HubSpot;

/// <summary>
/// HubSpot contact ⇄ client (CRM v3 objects: every property value is a string, and an empty string clears a
/// property), and the configured policy custom object ⇄ policy.
/// </summary>
internal sealed class HubSpotFieldMapper(CrmConnectionSettings settings) : ICrmFieldMapper
{
    /// <summary>The properties the policy custom object must have (internal names), as docs/crm-connectors.md lists them.</summary>
    public static readonly string[] PolicyProperties =
        ["policy_number", "line_of_business", "carrier", "premium", "effective_date", "expiration_date", "status"];

    private static readonly string[] StandardProperties =
    [
        "firstname", "lastname", "email", "phone", "company", "date_of_birth", "address", "city", "state", "zip", "country",
        "hubspot_owner_id", "notes_last_contacted", "lastmodifieddate",
    ];

    private readonly CustomFieldMap _custom = new(settings.CustomFieldMappings);

    public CrmCapabilities Capabilities { get; } = new(
        new HashSet<string>(
            [.. ClientFields.Contact, ClientFields.Company, .. settings.PolicyObjectType is null ? Array.Empty<string>() : [ClientFields.Policies],
             .. new CustomFieldMap(settings.CustomFieldMappings).SupportedFields]),
        [
            .. settings.PolicyObjectType is null ? ["Policies: no policy custom object is configured for this connection."] : Array.Empty<string>(),
            "Creating a contact without an email: email is HubSpot's only de-duplication key, so a retried create could duplicate it.",
            "Preferences have no standard contact properties: map them to custom properties (preferences.* keys).",
        ])
    {
        ReadOnlyFields = new HashSet<string>([ClientFields.Owner, ClientFields.LastContactAt, ClientFields.ModifiedAt]),
        RequiredToCreate = new HashSet<string>([ClientFields.Email]),
    };

    /// <summary>The properties to ask for (HubSpot returns only a few by default).</summary>
    public IEnumerable<string> Properties => StandardProperties.Concat(_custom.CrmFields).Distinct(StringComparer.Ordinal);

    public CrmClient MapToUnified(JsonElement record)
    {
        var properties = record.TryGetProperty("properties", out var p) ? p : default;
        var (customFields, preferences) = _custom.Read(field => properties.Text(field));
        var address = new MailingAddress(
            ContactNormalization.Text(properties.Text("address")),
            ContactNormalization.Text(properties.Text("city")),
            ContactNormalization.Text(properties.Text("state")),
            ContactNormalization.Text(properties.Text("zip")),
            ContactNormalization.Text(properties.Text("country")));
        return new CrmClient
        {
            ExternalId = record.Text("id") ?? "",
            FirstName = ContactNormalization.Text(properties.Text("firstname")) ?? "",
            LastName = ContactNormalization.Text(properties.Text("lastname")) ?? "",
            Email = ContactNormalization.Email(properties.Text("email")),
            Phone = ContactNormalization.Phone(properties.Text("phone"), settings.DefaultPhoneRegion),
            Company = ContactNormalization.Text(properties.Text("company")),
            Birthdate = ContactNormalization.Date(properties.Text("date_of_birth")),
            Address = address == new MailingAddress(null, null, null, null, null) ? null : address,
            Preferences = preferences,
            OwnerExternalId = ContactNormalization.Text(properties.Text("hubspot_owner_id")),
            LastContactAt = ContactNormalization.Timestamp(properties.Text("notes_last_contacted")),
            ModifiedAt = ContactNormalization.Timestamp(record.Text("updatedAt")) ?? ContactNormalization.Timestamp(properties.Text("lastmodifieddate")),
            CustomFields = customFields,
        };
    }

    /// <summary>The <c>{"properties": {...}}</c> body of a create or update.</summary>
    public JsonObject MapFromUnified(CrmClient client)
    {
        var properties = new JsonObject
        {
            ["firstname"] = client.FirstName,
            ["lastname"] = client.LastName,
            ["email"] = ContactNormalization.Email(client.Email),
            ["phone"] = ContactNormalization.Phone(client.Phone, settings.DefaultPhoneRegion),
            ["company"] = client.Company,
            ["date_of_birth"] = ContactNormalization.Format(client.Birthdate),
            ["address"] = client.Address?.Street,
            ["city"] = client.Address?.City,
            ["state"] = client.Address?.State,
            ["zip"] = client.Address?.PostalCode,
            ["country"] = client.Address?.Country,
        };
        _custom.Write(client, properties);
        return new JsonObject { ["properties"] = ClearingNulls(properties) };
    }

    public static CrmPolicy MapPolicy(JsonElement record)
    {
        var properties = record.TryGetProperty("properties", out var p) ? p : default;
        return new CrmPolicy(
            record.Text("id") ?? "",
            properties.Text("policy_number") ?? "",
            properties.Text("line_of_business") ?? "",
            ContactNormalization.Text(properties.Text("carrier")),
            properties.Decimal("premium"),
            ContactNormalization.Date(properties.Text("effective_date")),
            ContactNormalization.Date(properties.Text("expiration_date")),
            PolicyStatuses.Parse(properties.Text("status")));
    }

    public static JsonObject MapPolicy(CrmPolicy policy) => new()
    {
        ["properties"] = ClearingNulls(new JsonObject
        {
            ["policy_number"] = policy.Number,
            ["line_of_business"] = policy.LineOfBusiness,
            ["carrier"] = policy.Carrier,
            ["premium"] = policy.Premium?.ToString(CultureInfo.InvariantCulture),
            ["effective_date"] = ContactNormalization.Format(policy.EffectiveDate),
            ["expiration_date"] = ContactNormalization.Format(policy.ExpirationDate),
            ["status"] = PolicyStatuses.Format(policy.Status),
        }),
    };

    /// <summary>HubSpot clears a property on an empty string; null is not a property value there.</summary>
    private static JsonObject ClearingNulls(JsonObject properties)
    {
        foreach (var name in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties[name] = "";
        }

        return properties;
    }
}
