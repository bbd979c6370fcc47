using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class UpdateTeamTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_admin_When_renaming_a_team_and_removing_its_lead_Then_both_change_and_its_members_stay()
    {
        var admin = await ApiClientAsync(Demo.Admin);
        var edited = new TeamBuilder { Name = "Commercial & Specialty", Description = null, LeadAgentId = null };

        var response = await admin.PutAsJsonAsync($"/api/teams/{Demo.CommercialTeamId}", edited.ToUpdate(Guid.Empty), TestJson.Options, Ct);

        var team = await response.ShouldBeAsync<ListTeams.TeamSummary>(HttpStatusCode.OK);
        Assert.Equal(("Commercial & Specialty", null, null, 2), (team.Name, team.Description, team.LeadName, team.MemberCount));
    }

    [Fact]
    public async Task Given_a_team_id_nobody_has_When_edited_Then_it_is_not_found()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PutAsJsonAsync($"/api/teams/{Guid.NewGuid()}", new TeamBuilder().ToUpdate(Guid.Empty), TestJson.Options, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("teams.team-not-found", problem.Code);
    }

    [Fact]
    public async Task Given_the_name_of_another_team_When_a_team_is_renamed_to_it_Then_it_is_refused()
    {
        var result = await Host.SendAsync(new TeamBuilder { Name = "Life & Health" }.ToUpdate(Demo.CommercialTeamId), Demo.Admin);

        Assert.Equal(("Name", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_team_When_renamed_to_its_own_name_Then_it_is_accepted()
    {
        var result = await Host.SendAsync(new TeamBuilder { Name = "Life & Health", LeadAgentId = Demo.MorganLee.Id }.ToUpdate(Demo.LifeAndHealthTeamId), Demo.Admin);

        Assert.False(result.IsError, result.IsError ? result.FirstError.Description : null);
    }

    [Fact]
    public async Task Given_a_junior_agent_When_made_lead_of_a_team_Then_the_lead_is_refused()
    {
        var result = await Host.SendAsync(new TeamBuilder { LeadAgentId = Demo.JamieRivera.Id }.ToUpdate(Demo.LifeAndHealthTeamId), Demo.Admin);

        Assert.Equal(("LeadAgentId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_team_lead_When_renaming_their_own_team_Then_it_is_refused_because_only_admins_may()
    {
        var result = await Host.SendAsync(new TeamBuilder { Name = "Morgan's Team" }.ToUpdate(Demo.LifeAndHealthTeamId), Demo.MorganLee);

        Assert.Equal(ErrorType.Forbidden, result.FirstError.Type);
    }
}
