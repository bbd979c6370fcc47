using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

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

    [Fact]
    public async Task Given_a_profile_read_once_When_an_admin_renames_the_agents_team_and_then_deactivates_the_agent_Then_each_next_read_shows_the_change()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var before = await (await jamie.GetAsync($"/api/teams/agents/{Demo.DanielOkafor.Id}", Ct)).ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);

        var renamed = await Host.SendAsync(new TeamBuilder { Name = "Commercial & Specialty", LeadAgentId = Demo.MorganLee.Id }.ToUpdate(Demo.CommercialTeamId), Demo.Admin);
        var afterRename = await (await jamie.GetAsync($"/api/teams/agents/{Demo.DanielOkafor.Id}", Ct)).ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);
        var deactivated = await Host.SendAsync(new SetAgentActive.Command(Demo.DanielOkafor.Id, Active: false), Demo.Admin);
        var afterDeactivation = await (await jamie.GetAsync($"/api/teams/agents/{Demo.DanielOkafor.Id}", Ct)).ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);

        Assert.False(renamed.IsError || deactivated.IsError);
        Assert.Equal(("Commercial Lines", true), (before.TeamName, before.IsActive));
        Assert.Equal(("Commercial & Specialty", true), (afterRename.TeamName, afterRename.IsActive));
        Assert.Equal(("Commercial & Specialty", false), (afterDeactivation.TeamName, afterDeactivation.IsActive));
    }
}
