namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>The names of the platform's client fields, as mappers declare them in <see cref="CrmCapabilities"/>.</summary>
internal static class ClientFields
{
    public const string FirstName = nameof(CrmClient.FirstName);
    public const string LastName = nameof(CrmClient.LastName);
    public const string Email = nameof(CrmClient.Email);
    public const string Phone = nameof(CrmClient.Phone);
    public const string Company = nameof(CrmClient.Company);
    public const string Birthdate = nameof(CrmClient.Birthdate);
    public const string Street = "Address.Street";
    public const string City = "Address.City";
    public const string State = "Address.State";
    public const string PostalCode = "Address.PostalCode";
    public const string Country = "Address.Country";
    public const string Owner = nameof(CrmClient.OwnerExternalId);
    public const string LastContactAt = nameof(CrmClient.LastContactAt);
    public const string ModifiedAt = nameof(CrmClient.ModifiedAt);
    public const string Policies = nameof(CrmClient.Policies);

    /// <summary>The fields every CRM here stores as plain contact fields, read and written.</summary>
    public static readonly string[] Contact = [FirstName, LastName, Email, Phone, Birthdate, Street, City, State, PostalCode, Country];

    public static string CustomField(string key) => $"CustomFields.{key}";
}
