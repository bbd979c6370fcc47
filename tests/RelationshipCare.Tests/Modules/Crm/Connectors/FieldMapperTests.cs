using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Connectors.HubSpot;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;
using RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;
using RelationshipCare.Web.Modules.Crm.Connectors.Zoho;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>
/// Each mapper both ways: a client written to the CRM (its write payload, stored as the CRM stores it) and read back
/// keeps every field the mapper declares supported, for generated clients; and the normalizations it applies.
/// </summary>
public sealed class FieldMapperTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Given_any_client_When_mapped_to_salesforce_and_back_Then_every_supported_field_is_kept()
    {
        var mapper = new SalesforceFieldMapper(Settings(CrmKind.Salesforce, "Policy_Count__c", "Preferred_Channel__c"));

        RoundTrips(mapper, (client, payload) =>
        {
            // What Salesforce returns: the written fields, its id, and the Account the connector upserted for the company.
            payload["Id"] = "003Dn000004TmnPIAS";
            payload["Account"] = client.Company is null ? null : new JsonObject { ["Name"] = client.Company };
            return payload;
        });
    }

    [Fact]
    public void Given_any_client_When_mapped_to_hubspot_and_back_Then_every_supported_field_is_kept()
    {
        var mapper = new HubSpotFieldMapper(Settings(CrmKind.HubSpot, "policy_count", "preferred_channel"));

        RoundTrips(mapper, (_, payload) => new JsonObject { ["id"] = "65059681027", ["properties"] = payload["properties"]!.DeepClone(), ["archived"] = false });
    }

    [Fact]
    public void Given_any_client_When_mapped_to_zoho_and_back_Then_every_supported_field_is_kept()
    {
        var mapper = new ZohoFieldMapper(Settings(CrmKind.Zoho, "Policy_Count", "Preferred_Channel"));

        RoundTrips(mapper, (_, payload) =>
        {
            payload["id"] = "4150868000000002175";
            return payload;
        });
        Assert.DoesNotContain(ClientFields.Company, mapper.Capabilities.SupportedFields);
        Assert.Contains(ClientFields.Company, mapper.Capabilities.ReadOnlyFields);
    }

    [Theory]
    [InlineData("415-555-0100", "+14155550100")]
    [InlineData("(415) 555 0100", "+14155550100")]
    [InlineData("+1-555-123-4567", "+15551234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("call the office", "call the office")]
    [InlineData("  ", null)]
    public void Given_a_phone_as_a_crm_writes_it_When_normalized_Then_it_is_e164_when_it_can_be(string written, string? expected) =>
        Assert.Equal(expected, ContactNormalization.Phone(written, "US"));

    [Fact]
    public void Given_mixed_case_email_and_salesforce_timestamps_When_read_Then_they_are_normalized()
    {
        var mapper = new SalesforceFieldMapper(Settings(CrmKind.Salesforce));
        var record = JsonSerializer.SerializeToElement(new
        {
            Id = "003Dn000004TmnPIAS", FirstName = "Jane", LastName = "Smith", Email = " Jane.Smith@AcmeTech.COM ", Phone = "415-555-0100",
            Birthdate = "1984-03-12", LastActivityDate = "2024-05-02", LastModifiedDate = "2013-05-20T20:49:32.000+0000",
        });

        var client = mapper.MapToUnified(record);

        Assert.Equal("jane.smith@acmetech.com", client.Email);
        Assert.Equal(new DateTimeOffset(2013, 5, 20, 20, 49, 32, TimeSpan.Zero), client.ModifiedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero), client.LastContactAt);
    }

    [Fact]
    public void Given_a_custom_field_no_mapping_names_When_written_Then_it_is_refused_with_a_field_error()
    {
        var mapper = new HubSpotFieldMapper(Settings(CrmKind.HubSpot, "policy_count"));
        var client = ClientBuilder.New().WithCustomField("hobby", "sailing").Build();

        var refused = Assert.Throws<CrmRejectedException>(() => mapper.MapFromUnified(client));

        Assert.Equal(["CustomFields.hobby"], refused.FieldErrors.Keys);
    }

    [Fact]
    public void Given_each_crm_When_its_capabilities_are_read_Then_what_it_cannot_carry_is_declared()
    {
        Assert.Contains(new ZohoFieldMapper(Settings(CrmKind.Zoho) with { PolicyObjectType = null }).Capabilities.UnsupportedFeatures, f => f.StartsWith("Policies", StringComparison.Ordinal));
        Assert.Contains(new HubSpotFieldMapper(Settings(CrmKind.HubSpot) with { PolicyObjectType = null }).Capabilities.UnsupportedFeatures, f => f.StartsWith("Policies", StringComparison.Ordinal));
        Assert.DoesNotContain(new HubSpotFieldMapper(Settings(CrmKind.HubSpot)).Capabilities.UnsupportedFeatures, f => f.StartsWith("Policies", StringComparison.Ordinal));
        Assert.Contains("CustomFields.policy_count", new SalesforceFieldMapper(Settings(CrmKind.Salesforce, "Policy_Count__c")).Capabilities.SupportedFields);
    }

    [Fact]
    public void Given_each_crm_When_asked_whether_it_writes_policies_Then_only_those_with_a_place_for_them_do_and_their_prerequisites_are_declared()
    {
        var salesforce = new SalesforceFieldMapper(Settings(CrmKind.Salesforce)).Capabilities;
        var hubSpot = new HubSpotFieldMapper(Settings(CrmKind.HubSpot)).Capabilities;

        Assert.Equal((true, true), (salesforce.WritesPolicies, salesforce.RequiredForPolicies.Contains("Company")));
        Assert.Equal((true, true), (hubSpot.WritesPolicies, hubSpot.RequiredToCreate.Contains("Email")));
        Assert.False(new HubSpotFieldMapper(Settings(CrmKind.HubSpot) with { PolicyObjectType = null }).Capabilities.WritesPolicies);
        Assert.False(new ZohoFieldMapper(Settings(CrmKind.Zoho) with { PolicyObjectType = null }).Capabilities.WritesPolicies);
        Assert.True(new ZohoFieldMapper(Settings(CrmKind.Zoho) with { PolicyObjectType = "Policies" }).Capabilities.WritesPolicies);
        Assert.Contains("Email", new ZohoFieldMapper(Settings(CrmKind.Zoho)).Capabilities.RequiredToCreate);
    }

    private static void RoundTrips(ICrmFieldMapper mapper, Func<CrmClient, JsonObject, JsonObject> store)
    {
        var property = Prop.ForAll(Clients.ToArbitrary(), client =>
        {
            var stored = store(client, mapper.MapFromUnified(client));
            var read = mapper.MapToUnified(JsonSerializer.SerializeToElement(stored));
            var expected = Supported(client, mapper.Capabilities);
            var actual = Supported(read, mapper.Capabilities);
            return (expected == actual).Label($"expected {expected}\nactual   {actual}");
        });
        Check.One(Runs, property);
    }

    /// <summary>The supported fields of a client, as comparable text.</summary>
    private static string Supported(CrmClient client, CrmCapabilities capabilities)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            [ClientFields.FirstName] = client.FirstName,
            [ClientFields.LastName] = client.LastName,
            [ClientFields.Email] = client.Email,
            [ClientFields.Phone] = client.Phone,
            [ClientFields.Company] = client.Company,
            [ClientFields.Birthdate] = client.Birthdate,
            [ClientFields.Street] = client.Address?.Street,
            [ClientFields.City] = client.Address?.City,
            [ClientFields.State] = client.Address?.State,
            [ClientFields.PostalCode] = client.Address?.PostalCode,
            [ClientFields.Country] = client.Address?.Country,
            [CustomFieldMap.PreferredChannel] = client.Preferences?.PreferredChannel,
        };
        foreach (var (key, value) in client.CustomFields)
        {
            values[ClientFields.CustomField(key)] = value;
        }

        return JsonSerializer.Serialize(values.Where(v => capabilities.SupportedFields.Contains(v.Key)));
    }

    private static CrmConnectionSettings Settings(CrmKind kind, params string[] crmFields) => new()
    {
        ConnectionId = Guid.NewGuid(),
        Kind = kind,
        AuthMode = CrmAuthMode.OAuthRefreshToken,
        PolicyObjectType = "2-7654321",
        CustomFieldMappings =
        [
            .. crmFields.Take(1).Select(f => new CrmFieldMapping(f, "policy_count")),
            .. crmFields.Skip(1).Select(f => new CrmFieldMapping(f, CustomFieldMap.PreferredChannel)),
        ],
    };

    private static Gen<string?> Maybe(Gen<string> values) => Gen.Frequency((1, Gen.Constant<string?>(null)), (3, values.Select(v => (string?)v)));

    private static readonly Gen<string> Names = Gen.Elements("Jane", "José", "Zoë", "O'Brien", "Mary-Kate", "Nguyễn", "李", "Smith Jones");

    private static readonly Gen<string?> Emails = Maybe(
        from local in Gen.Elements("jane", "j.smith", "o'brien", "mk+crm")
        from n in Gen.Choose(0, 999)
        from domain in Gen.Elements("acmetech.com", "example.org", "mail.co.uk")
        select $"{local}{n}@{domain}");

    private static readonly Gen<string?> Phones = Maybe(
        from area in Gen.Elements("201", "415", "646", "312")
        from exchange in Gen.Choose(200, 999)
        from line in Gen.Choose(0, 9999)
        from foreign in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select foreign ? $"+4420794{line:D4}0" : $"+1{area}{exchange}{line:D4}");

    private static readonly Gen<MailingAddress?> Addresses = Gen.Frequency(
        (1, Gen.Constant<MailingAddress?>(null)),
        (3,
            from street in Gen.Elements("1 Market St", "221B Baker Street", "500 W 2nd St")
            from city in Maybe(Gen.Elements("San Francisco", "Austin", "London"))
            from state in Maybe(Gen.Elements("CA", "TX", "NY"))
            from zip in Maybe(Gen.Elements("94105", "78701", "NW1 6XE"))
            from country in Maybe(Gen.Elements("US", "United Kingdom"))
            select (MailingAddress?)new MailingAddress(street, city, state, zip, country)));

    private static readonly Gen<CrmClient> Clients =
        from first in Names
        from last in Names
        from email in Emails
        from phone in Phones
        from company in Maybe(Gen.Elements("Acme Corporation", "Zylker", "Express Logistics"))
        from birthday in Gen.Frequency((1, Gen.Constant<DateOnly?>(null)), (3, Gen.Choose(0, 30_000).Select(d => (DateOnly?)new DateOnly(1930, 1, 1).AddDays(d))))
        from address in Addresses
        from policies in Maybe(Gen.Choose(0, 12).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        from channel in Maybe(Gen.Elements("SMS", "Email", "Phone"))
        select new CrmClient
        {
            ExternalId = "",
            FirstName = first,
            LastName = last,
            Email = email,
            Phone = phone,
            Company = company,
            Birthdate = birthday,
            Address = address,
            Preferences = channel is null ? null : new ClientPreferences(channel, null, null, null, null),
            CustomFields = new Dictionary<string, string?> { ["policy_count"] = policies },
        };
}
