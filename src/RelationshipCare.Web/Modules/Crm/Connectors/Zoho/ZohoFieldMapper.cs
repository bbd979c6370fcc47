using System.Text.Json;
using System.Text.Json.Nodes;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Zoho;

/// <summary>Zoho CRM Contacts ⇄ client. The company is the <c>Account_Name</c> lookup: read, not written.</summary>
internal sealed class ZohoFieldMapper(CrmConnectionSettings settings) : ICrmFieldMapper
{
    private static readonly string[] StandardFields =
    [
        "First_Name", "Last_Name", "Email", "Phone", "Mobile", "Account_Name", "Date_of_Birth", "Mailing_Street", "Mailing_City",
        "Mailing_State", "Mailing_Zip", "Mailing_Country", "Owner", "Last_Activity_Time", "Modified_Time",
    ];

    private readonly CustomFieldMap _custom = new(settings.CustomFieldMappings);

    public CrmCapabilities Capabilities { get; } = new(
        new HashSet<string>(
            [.. ClientFields.Contact, .. settings.PolicyObjectType is null ? Array.Empty<string>() : [ClientFields.Policies],
             .. new CustomFieldMap(settings.CustomFieldMappings).SupportedFields]),
        [
            .. settings.PolicyObjectType is null
                ? ["Policies: Zoho CRM has no standard policy module; name the custom module that holds them."]
                : new[] { "Policies are written to the custom module but not read back by sync." },
            "Writing the company: Account_Name is a lookup that needs the Account's id, so it is read only.",
            "Preferences have no standard Contact fields: map them to custom fields (preferences.* keys).",
        ])
    {
        ReadOnlyFields = new HashSet<string>([ClientFields.Company, ClientFields.Owner, ClientFields.LastContactAt, ClientFields.ModifiedAt]),
        // A create needs a value in the upsert's duplicate-check field, when that is a client field the platform sets.
        RequiredToCreate = new HashSet<string>(settings.DuplicateCheckFields.Select(DuplicateCheckClientField).OfType<string>()),
    };

    /// <summary>
    /// A policy as one element of a write's <c>data</c> array for the policy custom module: <c>Name</c> (the module's
    /// primary field, and its system duplicate-check field) holds the number; <c>Contact_Name</c> is the lookup to the contact.
    /// </summary>
    public static JsonObject MapPolicy(CrmPolicy policy, string contactId)
    {
        var record = new JsonObject
        {
            ["Name"] = policy.Number,
            ["Line_of_Business"] = policy.LineOfBusiness,
            ["Carrier"] = policy.Carrier,
            ["Premium"] = policy.Premium,
            ["Effective_Date"] = ContactNormalization.Format(policy.EffectiveDate),
            ["Expiration_Date"] = ContactNormalization.Format(policy.ExpirationDate),
            ["Status"] = PolicyStatuses.Format(policy.Status),
            ["Contact_Name"] = new JsonObject { ["id"] = contactId },
        };
        if (policy.ExternalId.Length > 0)
        {
            record["id"] = policy.ExternalId;
        }

        return record;
    }

    private static string? DuplicateCheckClientField(string zohoField) => zohoField switch
    {
        "Email" => ClientFields.Email,
        "Phone" => ClientFields.Phone,
        _ => null,
    };

    /// <summary>The <c>fields</c> parameter a list requires (at most 50).</summary>
    public IEnumerable<string> Fields => StandardFields.Concat(_custom.CrmFields).Distinct(StringComparer.Ordinal);

    public CrmClient MapToUnified(JsonElement record)
    {
        var (customFields, preferences) = _custom.Read(field => record.Text(field));
        var address = new MailingAddress(
            ContactNormalization.Text(record.Text("Mailing_Street")),
            ContactNormalization.Text(record.Text("Mailing_City")),
            ContactNormalization.Text(record.Text("Mailing_State")),
            ContactNormalization.Text(record.Text("Mailing_Zip")),
            ContactNormalization.Text(record.Text("Mailing_Country")));
        return new CrmClient
        {
            ExternalId = record.Text("id") ?? "",
            FirstName = ContactNormalization.Text(record.Text("First_Name")) ?? "",
            LastName = ContactNormalization.Text(record.Text("Last_Name")) ?? "",
            Email = ContactNormalization.Email(record.Text("Email")),
            Phone = ContactNormalization.Phone(record.Text("Phone") ?? record.Text("Mobile"), settings.DefaultPhoneRegion),
            Company = ContactNormalization.Text(record.Text("Account_Name", "name")),
            Birthdate = ContactNormalization.Date(record.Text("Date_of_Birth")),
            Address = address == new MailingAddress(null, null, null, null, null) ? null : address,
            Preferences = preferences,
            OwnerExternalId = record.Text("Owner", "id"),
            LastContactAt = ContactNormalization.Timestamp(record.Text("Last_Activity_Time")),
            ModifiedAt = ContactNormalization.Timestamp(record.Text("Modified_Time")),
            CustomFields = customFields,
        };
    }

    /// <summary>One element of a write's <c>data</c> array.</summary>
    public JsonObject MapFromUnified(CrmClient client)
    {
        var record = new JsonObject
        {
            ["First_Name"] = ContactNormalization.Text(client.FirstName),
            ["Last_Name"] = ContactNormalization.Text(client.LastName),
            ["Email"] = ContactNormalization.Email(client.Email),
            ["Phone"] = ContactNormalization.Phone(client.Phone, settings.DefaultPhoneRegion),
            ["Date_of_Birth"] = ContactNormalization.Format(client.Birthdate),
            ["Mailing_Street"] = client.Address?.Street,
            ["Mailing_City"] = client.Address?.City,
            ["Mailing_State"] = client.Address?.State,
            ["Mailing_Zip"] = client.Address?.PostalCode,
            ["Mailing_Country"] = client.Address?.Country,
        };
        _custom.Write(client, record);
        return record;
    }
}
