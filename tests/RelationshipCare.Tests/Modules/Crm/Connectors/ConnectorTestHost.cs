using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Platform.Caching;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>
/// The connectors' services built the way the host builds them (<c>AddCrmConnectors</c>), optionally with the
/// platform's Redis connection (then limits are shared through Redis), and settings that point at the fakes.
/// </summary>
internal sealed class ConnectorTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ConnectorTestHost(bool withRedis = false)
    {
        var services = new ServiceCollection().AddLogging();
        if (withRedis)
        {
            services.AddSingleton(new RedisConnection(TestServices.Redis));
        }

        _services = services.AddCrmConnectors().BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public CrmConnectorFactory Factory => _services.GetRequiredService<CrmConnectorFactory>();

    /// <summary>Fast resilience for tests: short timeouts and retry delays, a breaker that opens after a few failures.</summary>
    public static CrmResilienceSettings QuickResilience { get; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(2),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        BreakerMinimumThroughput = 4,
        BreakerFailureRatio = 0.5,
        BreakerSamplingDuration = TimeSpan.FromSeconds(10),
        BreakerBreakDuration = TimeSpan.FromSeconds(2),
    };

    public static CrmConnectionSettings Salesforce(SalesforceFake fake, CrmAuthMode mode = CrmAuthMode.ClientCredentials) => new()
    {
        ConnectionId = Guid.NewGuid(),
        Kind = CrmKind.Salesforce,
        AuthMode = mode,
        AuthUrl = fake.Url,
        Credentials = new CrmCredentials
        {
            ClientId = SalesforceFake.ClientId,
            ClientSecret = SalesforceFake.ClientSecret,
            Username = SalesforceFake.Username,
            PrivateKeyPem = fake.JwtBearerPrivateKeyPem(),
        },
        Resilience = QuickResilience,
    };

    public static CrmConnectionSettings HubSpot(HubSpotFake fake, CrmAuthMode mode = CrmAuthMode.PrivateAppToken) => new()
    {
        ConnectionId = Guid.NewGuid(),
        Kind = CrmKind.HubSpot,
        AuthMode = mode,
        ApiUrl = fake.Url,
        Credentials = new CrmCredentials
        {
            AccessToken = HubSpotFake.PrivateAppToken,
            ClientId = HubSpotFake.ClientId,
            ClientSecret = HubSpotFake.ClientSecret,
            RefreshToken = HubSpotFake.RefreshToken,
        },
        PolicyObjectType = HubSpotFake.PolicyType,
        Limits = new CrmLimitSettings { DailyLimit = 650_000, BurstLimit = 190, BurstWindow = TimeSpan.FromSeconds(10) },
        Resilience = QuickResilience,
    };

    public static CrmConnectionSettings Zoho(ZohoFake fake) => new()
    {
        ConnectionId = Guid.NewGuid(),
        Kind = CrmKind.Zoho,
        AuthMode = CrmAuthMode.OAuthRefreshToken,
        AuthUrl = fake.Url,
        Credentials = new CrmCredentials
        {
            ClientId = ZohoFake.ClientId,
            ClientSecret = ZohoFake.ClientSecret,
            RefreshToken = ZohoFake.RefreshToken,
        },
        Limits = new CrmLimitSettings { DailyLimit = 50_000, Concurrency = 10 },
        Resilience = QuickResilience,
    };

    public void Dispose() => _services.Dispose();
}
