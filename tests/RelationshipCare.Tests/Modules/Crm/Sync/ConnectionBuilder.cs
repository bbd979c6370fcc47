using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>A connection to the HubSpot fake as an admin would create it, owner "77" mapped to Jamie, the rest to Priya.</summary>
internal sealed record ConnectionBuilder(HubSpotFake HubSpot)
{
    public const string JamiesHubSpotUser = "77";

    public string Name { get; init; } = "HubSpot – main office";

    public CrmCredentials Credentials { get; init; } = new() { AccessToken = HubSpotFake.PrivateAppToken };

    public CreateConnection.Command ToCreate() => new()
    {
        Name = Name,
        Kind = CrmKind.HubSpot,
        AuthMode = CrmAuthMode.PrivateAppToken,
        Credentials = Credentials,
        ApiUrl = HubSpot.Url,
        PolicyObjectType = HubSpotFake.PolicyType,
        Limits = new CrmLimitSettings { DailyLimit = 650_000, BurstLimit = 190 },
        Resilience = ConnectorTestHost.QuickResilience with { BreakerBreakDuration = TimeSpan.FromMilliseconds(500) },
        OwnerMap = new Dictionary<string, Guid> { [JamiesHubSpotUser] = Demo.JamieRivera.Id },
        DefaultOwnerAgentId = Demo.PriyaShah.Id,
    };

    public Task<Guid> SaveAsync(HostFixture host) => SaveAsync(host, ToCreate());

    /// <summary>A connection to the Salesforce fake (client credentials), its contacts' owner mapped to Jamie.</summary>
    public static CreateConnection.Command Salesforce(SalesforceFake salesforce) => new()
    {
        Name = "Salesforce – head office",
        Kind = CrmKind.Salesforce,
        AuthMode = CrmAuthMode.ClientCredentials,
        AuthUrl = salesforce.Url,
        Credentials = new CrmCredentials { ClientId = SalesforceFake.ClientId, ClientSecret = SalesforceFake.ClientSecret },
        Resilience = ConnectorTestHost.QuickResilience with { BreakerBreakDuration = TimeSpan.FromMilliseconds(500) },
        OwnerMap = new Dictionary<string, Guid> { [SalesforceFake.OwnerId] = Demo.JamieRivera.Id },
        DefaultOwnerAgentId = Demo.PriyaShah.Id,
    };

    /// <summary>A connection to the Zoho fake with its policy module, its contacts' owner mapped to Jamie.</summary>
    public static CreateConnection.Command Zoho(ZohoFake zoho) => new()
    {
        Name = "Zoho – branch",
        Kind = CrmKind.Zoho,
        AuthMode = CrmAuthMode.OAuthRefreshToken,
        AuthUrl = zoho.Url,
        Credentials = new CrmCredentials { ClientId = ZohoFake.ClientId, ClientSecret = ZohoFake.ClientSecret, RefreshToken = ZohoFake.RefreshToken },
        PolicyObjectType = ZohoFake.PolicyModule,
        Limits = new CrmLimitSettings { DailyLimit = 50_000, Concurrency = 10 },
        Resilience = ConnectorTestHost.QuickResilience with { BreakerBreakDuration = TimeSpan.FromMilliseconds(500) },
        OwnerMap = new Dictionary<string, Guid> { [ZohoFake.OwnerId] = Demo.JamieRivera.Id },
        DefaultOwnerAgentId = Demo.PriyaShah.Id,
    };

    public static async Task<Guid> SaveAsync(HostFixture host, CreateConnection.Command create)
    {
        var created = await host.SendAsync(create, Demo.Admin);
        Assert.False(created.IsError, string.Join("; ", created.ErrorsOrEmptyList.Select(e => $"{e.Code}: {e.Description}")));
        return created.Value.Id;
    }
}
