using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class UpdateAgentTests(HostFixture host) : HostTest(host)
{
    /// <summary>Jamie Rivera as the demo agency has them, ready to be edited.</summary>
    private static AgentBuilder Jamie => new()
    {
        FullName = Demo.JamieRivera.Name,
        Email = Demo.JamieRivera.Email,
        Role = AgentRole.JuniorAgent,
        TeamId = Demo.LifeAndHealthTeamId,
        ExperienceStartDate = new DateOnly(2024, 6, 3),
    };

    [Fact]
    public async Task Given_an_admin_When_editing_an_agent_Then_profile_role_team_and_sign_in_email_all_change()
    {
        var admin = await ApiClientAsync(Demo.Admin);
        var edited = Jamie with
        {
            FullName = "Jamie Rivera-Cole",
            Email = "jamie.cole@demo-agency.example",
            Role = AgentRole.Specialist,
            TeamId = Demo.CommercialTeamId,
            TrainingLevel = 3,
            Specialties = [LinesOfBusiness.CommercialLines, LinesOfBusiness.Homeowners],
        };

        var response = await admin.PutAsJsonAsync($"/api/teams/agents/{Demo.JamieRivera.Id}", edited.ToUpdate(Guid.Empty), TestJson.Options, Ct);

        var agent = await response.ShouldBeAsync<AgentSnapshot>(HttpStatusCode.OK);
        Assert.Equal(("Jamie Rivera-Cole", "jamie.cole@demo-agency.example", AgentRole.Specialist, "Commercial Lines", 3),
            (agent.FullName, agent.Email, agent.Role, agent.TeamName, agent.TrainingLevel));
        Assert.Equal([LinesOfBusiness.CommercialLines, LinesOfBusiness.Homeowners], agent.Permissions.Specialties);
        var withNewEmail = await SignInForm.SubmitAsync(Browser(), "jamie.cole@demo-agency.example", Demo.JamieRivera.Password);
        Assert.Equal("/", withNewEmail.RedirectPath());
        var withOldEmail = await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, Demo.JamieRivera.Password);
        Assert.Equal(HttpStatusCode.OK, withOldEmail.StatusCode);
    }

    [Fact]
    public async Task Given_a_team_lead_When_editing_an_agent_Then_it_is_refused_with_403()
    {
        var lead = await ApiClientAsync(Demo.MorganLee);

        var response = await lead.PutAsJsonAsync($"/api/teams/agents/{Demo.JamieRivera.Id}", (Jamie with { TrainingLevel = 5 }).ToUpdate(Guid.Empty), TestJson.Options, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var unchanged = await Host.SendAsync(new GetAgent(Demo.JamieRivera.Id));
        Assert.Equal(2, unchanged.Value.TrainingLevel);
    }

    [Fact]
    public async Task Given_an_agent_id_nobody_has_When_edited_Then_it_is_not_found()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PutAsJsonAsync($"/api/teams/agents/{Guid.NewGuid()}", new AgentBuilder().ToUpdate(Guid.Empty), TestJson.Options, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("teams.agent-not-found", problem.Code);
    }

    [Fact]
    public async Task Given_another_agents_email_When_given_to_an_agent_Then_it_is_refused()
    {
        var result = await Host.SendAsync((Jamie with { Email = Demo.SamTaylor.Email }).ToUpdate(Demo.JamieRivera.Id), Demo.Admin);

        Assert.Equal(("Email", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_the_lead_of_teams_When_their_role_is_changed_to_specialist_Then_it_is_refused_until_the_teams_have_another_lead()
    {
        var morgan = Jamie with { FullName = Demo.MorganLee.Name, Email = Demo.MorganLee.Email, Role = AgentRole.Specialist };

        var result = await Host.SendAsync(morgan.ToUpdate(Demo.MorganLee.Id), Demo.Admin);

        Assert.Equal(("teams.agent-leads-teams", ErrorType.Conflict), (result.FirstError.Code, result.FirstError.Type));
        Assert.Contains("Life & Health", result.FirstError.Description, StringComparison.Ordinal);
        Assert.Equal(AgentRole.TeamLead, (await Host.SendAsync(new GetAgent(Demo.MorganLee.Id))).Value.Role);
    }

    [Fact]
    public async Task Given_a_junior_agent_When_given_the_force_assign_permission_Then_it_is_refused()
    {
        var result = await Host.SendAsync((Jamie with { CanForceAssign = true }).ToUpdate(Demo.JamieRivera.Id), Demo.Admin);

        Assert.Equal(("CanForceAssign", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_team_that_does_not_exist_When_an_agent_is_moved_to_it_Then_it_is_refused()
    {
        var result = await Host.SendAsync((Jamie with { TeamId = Guid.NewGuid() }).ToUpdate(Demo.JamieRivera.Id), Demo.Admin);

        Assert.Equal(("TeamId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_junior_agent_When_promoted_to_team_lead_with_force_assign_Then_both_are_kept()
    {
        var result = await Host.SendAsync(Jamie.AsTeamLead().ToUpdate(Demo.JamieRivera.Id), Demo.Admin);

        Assert.Equal((AgentRole.TeamLead, true), (result.Value.Role, result.Value.Permissions.CanForceAssign));
    }
}
