using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Identity;

[Collection(HostCollection.Name)]
public sealed class PurgeRetiredApiKeysTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_keys_retired_long_ago_recently_or_never_When_the_nightly_purge_runs_Then_only_those_retired_over_90_days_ago_go()
    {
        var longAgo = DateTimeOffset.UtcNow - PurgeRetiredApiKeys.KeptFor - TimeSpan.FromDays(1);
        var recently = DateTimeOffset.UtcNow.AddDays(-10);
        var revokedLongAgo = await new ApiKeyBuilder(Demo.JamieRivera.Id).RevokedAt(longAgo).SaveAsync(Host.Services);
        var expiredLongAgo = await new ApiKeyBuilder(Demo.JamieRivera.Id).ExpiredAt(longAgo).SaveAsync(Host.Services);
        var revokedRecently = await new ApiKeyBuilder(Demo.JamieRivera.Id).RevokedAt(recently).SaveAsync(Host.Services);
        var expiredRecently = await new ApiKeyBuilder(Demo.JamieRivera.Id).ExpiredAt(recently).SaveAsync(Host.Services);
        var active = await new ApiKeyBuilder(Demo.JamieRivera.Id).SaveAsync(Host.Services);

        var purged = await Host.SendAsync(new PurgeRetiredApiKeys.Command());

        Assert.Equal(2, purged.Value);
        var kept = await Host.ReadAsync<PlatformDbContext, List<Guid>>(db => db.ApiKeys.Where(k => k.UserId == Demo.JamieRivera.Id).Select(k => k.Id).ToListAsync(Ct));
        Assert.Equal(new[] { revokedRecently.Id, expiredRecently.Id, active.Id }.Order(), kept.Order());
        Assert.DoesNotContain(revokedLongAgo.Id, kept);
        Assert.DoesNotContain(expiredLongAgo.Id, kept);
    }
}
