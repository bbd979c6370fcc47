using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Tests.Modules.Crm.Contracts;

/// <summary>The queries other modules send, each answered with the visibility of the agent they name (whoever sends them).</summary>
[Collection(HostCollection.Name)]
public sealed class ClientQueriesTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_the_owner_and_another_agent_When_asking_for_a_snapshot_Then_the_owner_gets_it_and_the_other_gets_not_found()
    {
        var owner = await Host.SendAsync(new GetClientSnapshot(DemoClientIds.EleanorWhitfield, Demo.JamieRivera.Id));
        var other = await Host.SendAsync(new GetClientSnapshot(DemoClientIds.EleanorWhitfield, Demo.SamTaylor.Id), Demo.Admin);

        Assert.Equal(("Eleanor Whitfield", "Native", "LIF-100010"), (owner.Value.FullName, owner.Value.Source, owner.Value.Policies[0].Number));
        Assert.Equal("crm.client-not-found", other.FirstError.Code);
    }

    [Fact]
    public async Task Given_an_agent_When_searching_Then_only_clients_they_see_are_found()
    {
        var jamie = await Host.SendAsync(new SearchClients(Demo.JamieRivera.Id, "whitfield"));
        var sam = await Host.SendAsync(new SearchClients(Demo.SamTaylor.Id, "whitfield"));
        var admin = await Host.SendAsync(new SearchClients(Demo.Admin.Id, null, Limit: 100));

        Assert.Equal([DemoClientIds.EleanorWhitfield], jamie.Value.Select(c => c.Id));
        Assert.Empty(sam.Value);
        Assert.Equal(100, admin.Value.Count);
    }

    [Theory]
    [InlineData("Jamie", true)]
    [InlineData("Morgan", true)]
    [InlineData("Admin", true)]
    [InlineData("Sam", false)]
    [InlineData("Priya", false)]
    public async Task Given_an_agent_When_asking_whether_they_see_a_client_Then_owner_lead_and_admin_do_and_others_do_not(string who, bool sees)
    {
        var agent = who switch
        {
            "Jamie" => Demo.JamieRivera,
            "Morgan" => Demo.MorganLee,
            "Admin" => Demo.Admin,
            "Sam" => Demo.SamTaylor,
            _ => Demo.PriyaShah,
        };

        var answer = await Host.SendAsync(new CanAgentSeeClient(agent.Id, DemoClientIds.EleanorWhitfield));

        Assert.Equal(sees, answer.Value);
    }
}
