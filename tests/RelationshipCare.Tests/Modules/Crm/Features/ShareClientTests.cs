using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class ShareClientTests(HostFixture host) : HostTest(host)
{
    private static readonly Guid Eleanor = DemoClientIds.EleanorWhitfield;

    [Fact]
    public async Task Given_the_owner_When_sharing_and_then_unsharing_a_client_Then_the_colleague_sees_it_and_then_no_longer_does()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var shared = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/shares", new { agentId = Demo.SamTaylor.Id }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, shared.StatusCode);
        var seen = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.SamTaylor);
        Assert.False(seen.IsError);

        var again = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/shares", new { agentId = Demo.SamTaylor.Id }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var unshared = await jamie.DeleteAsync($"/api/crm/clients/{Eleanor}/shares/{Demo.SamTaylor.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, unshared.StatusCode);
        Assert.Equal("crm.client-not-found", (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.SamTaylor)).FirstError.Code);
    }

    [Fact]
    public async Task Given_an_agent_the_client_is_only_shared_with_When_they_share_or_unshare_it_Then_it_is_forbidden()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var share = await jamie.PostAsJsonAsync($"/api/crm/clients/{DemoClientIds.NadiaPetrov}/shares", new { agentId = Demo.SamTaylor.Id }, Ct);
        var unshare = await jamie.DeleteAsync($"/api/crm/clients/{DemoClientIds.NadiaPetrov}/shares/{Demo.JamieRivera.Id}", Ct);

        Assert.Equal("crm.sharing-not-allowed", (await share.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("crm.sharing-not-allowed", (await unshare.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task Given_the_owners_lead_and_an_admin_When_they_share_a_client_Then_both_may()
    {
        var lead = await Host.SendAsync(new ShareClient.Command(Demo.DanielOkafor.Id) { ClientId = Eleanor }, Demo.MorganLee);
        var admin = await Host.SendAsync(new ShareClient.Command(Demo.PriyaShah.Id) { ClientId = Eleanor }, Demo.Admin);

        Assert.False(lead.IsError);
        Assert.False(admin.IsError);
        var client = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        Assert.Equal([Demo.DanielOkafor.Name, Demo.PriyaShah.Name], client.Value.SharedWith.Select(a => a.Name));
    }

    [Fact]
    public async Task Given_the_owner_or_an_unknown_agent_When_shared_with_Then_it_is_refused_with_a_field_error()
    {
        var withOwner = await Host.SendAsync(new ShareClient.Command(Demo.JamieRivera.Id) { ClientId = Eleanor }, Demo.JamieRivera);
        var withNobody = await Host.SendAsync(new ShareClient.Command(Guid.NewGuid()) { ClientId = Eleanor }, Demo.JamieRivera);

        Assert.Equal(("AgentId", ErrorType.Validation), (withOwner.FirstError.Code, withOwner.FirstError.Type));
        Assert.Equal(("AgentId", ErrorType.Validation), (withNobody.FirstError.Code, withNobody.FirstError.Type));
    }
}
