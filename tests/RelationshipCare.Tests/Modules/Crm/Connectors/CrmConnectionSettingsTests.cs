using FluentValidation;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>What the connection settings' validator refuses (each with the key it names), and what the factory keeps.</summary>
public sealed class CrmConnectionSettingsTests : IDisposable
{
    private readonly SalesforceFake _salesforce = new();
    private readonly HubSpotFake _hubSpot = new();
    private readonly ZohoFake _zoho = new();
    private readonly ConnectorTestHost _host = new();

    private IValidator<CrmConnectionSettings> Validator => _host.Services.GetRequiredService<IValidator<CrmConnectionSettings>>();

    [Fact]
    public void Given_the_settings_the_tests_use_When_validated_Then_each_is_valid()
    {
        foreach (var settings in new[]
        {
            ConnectorTestHost.Salesforce(_salesforce),
            ConnectorTestHost.Salesforce(_salesforce, CrmAuthMode.JwtBearer),
            ConnectorTestHost.HubSpot(_hubSpot),
            ConnectorTestHost.HubSpot(_hubSpot, CrmAuthMode.OAuthRefreshToken),
            ConnectorTestHost.Zoho(_zoho),
        })
        {
            var result = Validator.Validate(settings);
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
        }
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "native kind", nameof(CrmConnectionSettings.Kind) },
        { "zoho with a private app token", nameof(CrmConnectionSettings.AuthMode) },
        { "hubspot private app without a token", "Credentials.AccessToken" },
        { "salesforce jwt with a bad key", "Credentials.PrivateKeyPem" },
        { "salesforce client credentials without my domain", nameof(CrmConnectionSettings.AuthUrl) },
        { "salesforce external id field not custom", nameof(CrmConnectionSettings.ContactExternalIdField) },
        { "zoho without duplicate check fields", nameof(CrmConnectionSettings.DuplicateCheckFields) },
        { "a zero daily limit", "Limits.DailyLimit" },
        { "a breaker ratio above one", "Resilience.BreakerFailureRatio" },
        { "a mapping to a key with spaces", "CustomFieldMappings[0].PlatformKey" },
        { "one platform key mapped twice", nameof(CrmConnectionSettings.CustomFieldMappings) },
        { "a lower-case region", nameof(CrmConnectionSettings.DefaultPhoneRegion) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Given_invalid_settings_When_validated_Then_the_wrong_key_is_named(string refusal, string key)
    {
        var settings = Invalid(refusal);

        var result = Validator.Validate(settings);

        Assert.Contains(result.Errors, e => e.PropertyName == key);
    }

    [Fact]
    public void Given_the_same_settings_When_asked_twice_Then_the_same_connector_is_kept_and_new_settings_build_a_new_one()
    {
        var settings = ConnectorTestHost.HubSpot(_hubSpot);

        var first = _host.Factory.Get(settings);
        var again = _host.Factory.Get(settings with { Credentials = settings.Credentials with { } });
        var changed = _host.Factory.Get(settings with { Limits = new CrmLimitSettings { BurstLimit = 100 } });

        Assert.Same(first, again);
        Assert.NotSame(first, changed);
    }

    [Fact]
    public void Given_credentials_When_the_settings_are_printed_Then_no_secret_shows()
    {
        var text = ConnectorTestHost.HubSpot(_hubSpot).ToString();

        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(HubSpotFake.ClientSecret, text, StringComparison.Ordinal);
        Assert.Contains("[redacted]", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _host.Dispose();
        _salesforce.Dispose();
        _hubSpot.Dispose();
        _zoho.Dispose();
    }

    private CrmConnectionSettings Invalid(string refusal) => refusal switch
    {
        "native kind" => ConnectorTestHost.HubSpot(_hubSpot) with { Kind = CrmKind.Native },
        "zoho with a private app token" => ConnectorTestHost.Zoho(_zoho) with { AuthMode = CrmAuthMode.PrivateAppToken },
        "hubspot private app without a token" => ConnectorTestHost.HubSpot(_hubSpot) with { Credentials = new CrmCredentials() },
        "salesforce jwt with a bad key" => ConnectorTestHost.Salesforce(_salesforce, CrmAuthMode.JwtBearer) with
        {
            Credentials = new CrmCredentials { ClientId = "x", Username = "u", PrivateKeyPem = "not a key" },
        },
        "salesforce client credentials without my domain" => ConnectorTestHost.Salesforce(_salesforce) with { AuthUrl = null },
        "salesforce external id field not custom" => ConnectorTestHost.Salesforce(_salesforce) with { ContactExternalIdField = "Email" },
        "zoho without duplicate check fields" => ConnectorTestHost.Zoho(_zoho) with { DuplicateCheckFields = [] },
        "a zero daily limit" => ConnectorTestHost.Zoho(_zoho) with { Limits = new CrmLimitSettings { DailyLimit = 0 } },
        "a breaker ratio above one" => ConnectorTestHost.Zoho(_zoho) with { Resilience = new CrmResilienceSettings { BreakerFailureRatio = 2 } },
        "a mapping to a key with spaces" => ConnectorTestHost.Zoho(_zoho) with { CustomFieldMappings = [new("Hobby", "my hobby")] },
        "one platform key mapped twice" => ConnectorTestHost.Zoho(_zoho) with
        {
            CustomFieldMappings = [new("Channel_A", CustomFieldMap.PreferredChannel), new("Channel_B", CustomFieldMap.PreferredChannel)],
        },
        "a lower-case region" => ConnectorTestHost.Zoho(_zoho) with { DefaultPhoneRegion = "us" },
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
