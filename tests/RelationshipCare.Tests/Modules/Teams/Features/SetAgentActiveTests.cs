using System.Net;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class SetAgentActiveTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_active_agent_When_an_admin_deactivates_them_Then_they_are_inactive_and_cannot_sign_in()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsync($"/api/teams/agents/{Demo.JamieRivera.Id}/deactivate", null, Ct);

        var agent = await response.ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);
        Assert.False(agent.IsActive);
        var signIn = await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, Demo.JamieRivera.Password);
        Assert.Equal("/account/lockout", signIn.RedirectPath());
    }

    [Fact]
    public async Task Given_a_deactivated_agent_When_reactivated_Then_they_can_sign_in_again()
    {
        await Host.SendAsync(new SetAgentActive.Command(Demo.JamieRivera.Id, Active: false), Demo.Admin);
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsync($"/api/teams/agents/{Demo.JamieRivera.Id}/reactivate", null, Ct);

        Assert.True((await response.ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK)).IsActive);
        var signIn = await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, Demo.JamieRivera.Password);
        Assert.Equal("/", signIn.RedirectPath());
    }

    [Fact]
    public async Task Given_the_lead_of_teams_When_deactivated_Then_it_is_refused_until_the_teams_have_another_lead()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsync($"/api/teams/agents/{Demo.MorganLee.Id}/deactivate", null, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("teams.agent-leads-teams", problem.Code);
        Assert.True((await Host.SendAsync(new GetAgent(Demo.MorganLee.Id))).Value.IsActive);
    }

    [Fact]
    public async Task Given_an_agent_id_nobody_has_When_deactivated_Then_it_is_not_found()
    {
        var result = await Host.SendAsync(new SetAgentActive.Command(Guid.NewGuid(), Active: false), Demo.Admin);

        Assert.Equal(ErrorType.NotFound, result.FirstError.Type);
    }

    [Fact]
    public async Task Given_a_team_lead_When_deactivating_an_agent_of_their_team_Then_it_is_refused_because_only_admins_may()
    {
        var result = await Host.SendAsync(new SetAgentActive.Command(Demo.JamieRivera.Id, Active: false), Demo.MorganLee);

        Assert.Equal(ErrorType.Forbidden, result.FirstError.Type);
        Assert.True((await Host.SendAsync(new GetAgent(Demo.JamieRivera.Id))).Value.IsActive);
    }
}
