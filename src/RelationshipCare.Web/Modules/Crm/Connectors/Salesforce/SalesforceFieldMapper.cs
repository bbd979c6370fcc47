using System.Text.Json;
using System.Text.Json.Nodes;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;

/// <summary>
/// Salesforce Contact ⇄ client, and InsurancePolicy (Financial Services Cloud) ⇄ policy. The company is the Contact's
/// Account: read as <c>Account.Name</c>, written by the connector as an Account upserted by its external id.
/// </summary>
internal sealed class SalesforceFieldMapper(CrmConnectionSettings settings) : ICrmFieldMapper
{
    /// <summary>The InsurancePolicy fields the connector reads.</summary>
    public static readonly string[] PolicyFields =
        ["Id", "Name", "PolicyType", "BillingCarrierAccount.Name", "PremiumAmount", "EffectiveDate", "ExpirationDate", "Status"];

    private static readonly string[] StandardFields =
    [
        "Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Birthdate", "MailingStreet", "MailingCity", "MailingState",
        "MailingPostalCode", "MailingCountry", "OwnerId", "AccountId", "Account.Name", "LastActivityDate", "LastModifiedDate",
    ];

    private readonly CustomFieldMap _custom = new(settings.CustomFieldMappings);

    public CrmCapabilities Capabilities { get; } = new(
        new HashSet<string>([.. ClientFields.Contact, ClientFields.Company, ClientFields.Policies, .. new CustomFieldMap(settings.CustomFieldMappings).SupportedFields]),
        [
            "Preferences have no standard Contact fields: map them to custom fields (preferences.* keys).",
            "Policies are kept in InsurancePolicy (Financial Services Cloud); orgs without it have no policies.",
            "A policy's carrier is a lookup to the carrier's Account, so it is read only.",
        ])
    {
        ReadOnlyFields = new HashSet<string>([ClientFields.Owner, ClientFields.LastContactAt, ClientFields.ModifiedAt]),
        RequiredForPolicies = new HashSet<string>([ClientFields.Company]),
    };

    /// <summary>The Contact fields a SOQL query selects.</summary>
    public IEnumerable<string> QueryFields => StandardFields.Concat(_custom.CrmFields).Distinct(StringComparer.OrdinalIgnoreCase);

    public CrmClient MapToUnified(JsonElement record)
    {
        var (customFields, preferences) = _custom.Read(field => record.Text(field));
        return new CrmClient
        {
            ExternalId = record.Text("Id") ?? "",
            FirstName = ContactNormalization.Text(record.Text("FirstName")) ?? "",
            LastName = ContactNormalization.Text(record.Text("LastName")) ?? "",
            Email = ContactNormalization.Email(record.Text("Email")),
            Phone = ContactNormalization.Phone(record.Text("Phone") ?? record.Text("MobilePhone"), settings.DefaultPhoneRegion),
            Company = ContactNormalization.Text(record.Text("Account", "Name")),
            Birthdate = ContactNormalization.Date(record.Text("Birthdate")),
            Address = Address(record),
            Preferences = preferences,
            OwnerExternalId = record.Text("OwnerId"),
            LastContactAt = ContactNormalization.Date(record.Text("LastActivityDate")) is { } last
                ? new DateTimeOffset(last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : null,
            ModifiedAt = ContactNormalization.Timestamp(record.Text("LastModifiedDate")),
            CustomFields = customFields,
        };
    }

    public JsonObject MapFromUnified(CrmClient client)
    {
        var payload = new JsonObject
        {
            ["FirstName"] = ContactNormalization.Text(client.FirstName),
            ["LastName"] = ContactNormalization.Text(client.LastName),
            ["Email"] = ContactNormalization.Email(client.Email),
            ["Phone"] = ContactNormalization.Phone(client.Phone, settings.DefaultPhoneRegion),
            ["Birthdate"] = ContactNormalization.Format(client.Birthdate),
            ["MailingStreet"] = client.Address?.Street,
            ["MailingCity"] = client.Address?.City,
            ["MailingState"] = client.Address?.State,
            ["MailingPostalCode"] = client.Address?.PostalCode,
            ["MailingCountry"] = client.Address?.Country,
        };
        _custom.Write(client, payload);
        return payload;
    }

    public static CrmPolicy MapPolicy(JsonElement record) => new(
        record.Text("Id") ?? "",
        record.Text("Name") ?? "",
        record.Text("PolicyType") ?? "",
        ContactNormalization.Text(record.Text("BillingCarrierAccount", "Name")),
        record.Decimal("PremiumAmount"),
        ContactNormalization.Date(record.Text("EffectiveDate")),
        ContactNormalization.Date(record.Text("ExpirationDate")),
        PolicyStatuses.Parse(record.Text("Status")));

    /// <summary>An InsurancePolicy write payload (the carrier is a lookup to an Account and is left as the org has it).</summary>
    public static JsonObject MapPolicy(CrmPolicy policy, string insuredAccountId, string insuredField) => new()
    {
        ["Name"] = policy.Number,
        ["PolicyType"] = policy.LineOfBusiness,
        ["PremiumAmount"] = policy.Premium,
        ["EffectiveDate"] = ContactNormalization.Format(policy.EffectiveDate),
        ["ExpirationDate"] = ContactNormalization.Format(policy.ExpirationDate),
        ["Status"] = PolicyStatuses.Format(policy.Status),
        [insuredField] = insuredAccountId,
    };

    private static Contracts.MailingAddress? Address(JsonElement record)
    {
        var address = new Contracts.MailingAddress(
            ContactNormalization.Text(record.Text("MailingStreet")),
            ContactNormalization.Text(record.Text("MailingCity")),
            ContactNormalization.Text(record.Text("MailingState")),
            ContactNormalization.Text(record.Text("MailingPostalCode")),
            ContactNormalization.Text(record.Text("MailingCountry")));
        return address == new Contracts.MailingAddress(null, null, null, null, null) ? null : address;
    }
}
