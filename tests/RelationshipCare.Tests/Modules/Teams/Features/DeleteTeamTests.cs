using System.Net;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class DeleteTeamTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_team_without_members_When_an_admin_deletes_it_Then_it_is_gone()
    {
        var team = await new TeamBuilder().CreateAsync(Host);
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.DeleteAsync($"/api/teams/{team.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var gone = await admin.GetAsync($"/api/teams/{team.Id}", Ct);
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_team_with_members_When_deleted_Then_it_is_refused_with_409_and_kept()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.DeleteAsync($"/api/teams/{Demo.LifeAndHealthTeamId}", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("teams.team-has-members", problem.Code);
        Assert.False((await Host.SendAsync(new GetTeam.Query(Demo.LifeAndHealthTeamId))).IsError);
    }

    [Fact]
    public async Task Given_a_team_whose_only_member_is_deactivated_When_deleted_Then_it_is_refused_because_their_history_names_it()
    {
        var team = await new TeamBuilder().CreateAsync(Host);
        var member = await new AgentBuilder { TeamId = team.Id }.CreateAsync(Host);
        await Host.SendAsync(new SetAgentActive.Command(member.Id, Active: false), Demo.Admin);

        var result = await Host.SendAsync(new DeleteTeam.Command(team.Id), Demo.Admin);

        Assert.Equal(("teams.team-has-members", ErrorType.Conflict), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_team_id_nobody_has_When_deleted_Then_it_is_not_found()
    {
        var result = await Host.SendAsync(new DeleteTeam.Command(Guid.NewGuid()), Demo.Admin);

        Assert.Equal(ErrorType.NotFound, result.FirstError.Type);
    }

    [Fact]
    public async Task Given_a_team_lead_When_deleting_an_empty_team_Then_it_is_refused_because_only_admins_may()
    {
        var team = await new TeamBuilder().CreateAsync(Host);

        var result = await Host.SendAsync(new DeleteTeam.Command(team.Id), Demo.MorganLee);

        Assert.Equal(ErrorType.Forbidden, result.FirstError.Type);
        Assert.False((await Host.SendAsync(new GetTeam.Query(team.Id))).IsError);
    }
}
