using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Teams.Contracts;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class GetAgentProfileTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_When_asking_for_their_own_profile_Then_they_get_it_with_team_and_permissions()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.GetAsync("/api/teams/agents/me", Ct);

        var me = await response.ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);
        Assert.Equal((Demo.JamieRivera.Id, Demo.JamieRivera.Email, AgentRole.JuniorAgent, "Life & Health"), (me.Id, me.Email, me.Role, me.TeamName));
        Assert.Equal((false, true, 50), (me.Permissions.CanForceAssign, me.Permissions.CanReceiveHandoffs, me.Permissions.MaxConcurrentClients));
    }

    [Fact]
    public async Task Given_an_admin_without_an_agent_profile_When_asking_for_their_own_profile_Then_it_is_not_found_with_a_reason()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.GetAsync("/api/teams/agents/me", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("teams.not-an-agent", problem.Code);
    }

    [Fact]
    public async Task Given_an_agent_When_looking_up_a_colleague_Then_they_get_the_colleagues_profile()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.GetAsync($"/api/teams/agents/{Demo.DanielOkafor.Id}", Ct);

        var daniel = await response.ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);
        Assert.Equal((Demo.DanielOkafor.Name, AgentRole.Specialist, "Commercial Lines"), (daniel.FullName, daniel.Role, daniel.TeamName));
    }

    [Fact]
    public async Task Given_an_id_nobody_has_When_looked_up_Then_it_is_not_found()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.GetAsync($"/api/teams/agents/{Guid.NewGuid()}", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("teams.agent-not-found", problem.Code);
    }
}
