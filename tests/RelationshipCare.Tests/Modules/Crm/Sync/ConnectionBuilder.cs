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

    public async Task<Guid> SaveAsync(HostFixture host)
    {
        var created = await host.SendAsync(ToCreate(), Demo.Admin);
        Assert.False(created.IsError, string.Join("; ", created.ErrorsOrEmptyList.Select(e => $"{e.Code}: {e.Description}")));
        return created.Value.Id;
    }
}
