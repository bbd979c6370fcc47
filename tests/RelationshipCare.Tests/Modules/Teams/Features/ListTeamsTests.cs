using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class ListTeamsTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_the_demo_agency_When_an_agent_lists_the_teams_Then_each_comes_with_its_lead_and_active_member_count()
    {
        await Host.SendAsync(new SetAgentActive.Command(Demo.SamTaylor.Id, Active: false), Demo.Admin);
        var junior = await ApiClientAsync(Demo.JamieRivera);

        var teams = await junior.GetFromJsonAsync<List<ListTeams.TeamSummary>>("/api/teams/", TestJson.Options, Ct);

        Assert.Equal(
            [("Commercial Lines", Demo.MorganLee.Name, 1), ("Life & Health", Demo.MorganLee.Name, 3)],
            teams!.Select(t => (t.Name, t.LeadName, t.MemberCount)));
    }

    [Fact]
    public async Task Given_a_team_When_an_agent_opens_it_Then_its_active_members_come_lead_first()
    {
        var junior = await ApiClientAsync(Demo.JamieRivera);

        var response = await junior.GetAsync($"/api/teams/{Demo.LifeAndHealthTeamId}", Ct);

        var team = await response.ShouldBeAsync<GetTeam.TeamDetails>(HttpStatusCode.OK);
        Assert.Equal("Life & Health", team.Team.Name);
        Assert.Equal([Demo.MorganLee.Name, Demo.JamieRivera.Name, Demo.PriyaShah.Name], team.Members.Select(m => m.FullName));
    }

    [Fact]
    public async Task Given_a_team_id_nobody_has_When_opened_Then_it_is_not_found()
    {
        var junior = await ApiClientAsync(Demo.JamieRivera);

        var response = await junior.GetAsync($"/api/teams/{Guid.NewGuid()}", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("teams.team-not-found", problem.Code);
    }
}
