using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class CreateTeamTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_admin_When_creating_a_team_led_by_a_team_lead_Then_it_is_listed_with_its_lead()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsJsonAsync(
            "/api/teams/", new TeamBuilder { Name = "Personal Lines", LeadAgentId = Demo.MorganLee.Id }.ToCreate(), TestJson.Options, Ct);

        var team = await response.ShouldBeAsync<ListTeams.TeamSummary>(HttpStatusCode.Created);
        Assert.Equal($"/api/teams/{team.Id}", response.RedirectPath());
        Assert.Equal(("Personal Lines", Demo.MorganLee.Name, 0), (team.Name, team.LeadName, team.MemberCount));
        var teams = await admin.GetFromJsonAsync<List<ListTeams.TeamSummary>>("/api/teams/", TestJson.Options, Ct);
        Assert.Equal(["Commercial Lines", "Life & Health", "Personal Lines"], teams!.Select(t => t.Name));
    }

    [Fact]
    public async Task Given_a_team_lead_without_a_team_When_made_lead_of_a_new_team_Then_they_join_it()
    {
        var lead = await new AgentBuilder { FullName = "Rosa Diaz" }.AsTeamLead().CreateAsync(Host);

        var team = await new TeamBuilder { LeadAgentId = lead.Id }.CreateAsync(Host);

        Assert.Equal(team.Id, (await Host.SendAsync(new GetAgent(lead.Id))).Value.TeamId);
        Assert.Equal(1, (await Host.SendAsync(new GetTeam.Query(team.Id))).Value.Team.MemberCount);
    }

    [Fact]
    public async Task Given_a_team_lead_When_creating_a_team_Then_it_is_refused_with_403()
    {
        var lead = await ApiClientAsync(Demo.MorganLee);

        var response = await lead.PostAsJsonAsync("/api/teams/", new TeamBuilder().ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_name_another_team_has_When_creating_a_team_Then_the_name_is_refused()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsJsonAsync("/api/teams/", new TeamBuilder { Name = " Life & Health " }.ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task Given_the_same_team_sent_several_times_at_once_When_saved_Then_one_is_created_and_the_others_are_refused_without_a_500()
    {
        List<HttpClient> admins = [];
        for (var i = 0; i < 6; i++)
        {
            admins.Add(await ApiClientAsync(Demo.Admin));
        }

        var responses = await Task.WhenAll(admins.Select(admin =>
            admin.PostAsJsonAsync("/api/teams/", new TeamBuilder { Name = "Claims" }.ToCreate(), TestJson.Options, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await refused.ShouldBeProblemAsync(refused.StatusCode == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest);
            Assert.DoesNotContain("RelationshipCare", problem.Detail ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_a_specialist_When_made_lead_of_a_new_team_Then_the_lead_is_refused()
    {
        var result = await Host.SendAsync(new TeamBuilder { LeadAgentId = Demo.PriyaShah.Id }.ToCreate(), Demo.Admin);

        Assert.Equal(("LeadAgentId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_deactivated_team_lead_When_made_lead_of_a_new_team_Then_the_lead_is_refused()
    {
        var lead = await new AgentBuilder().AsTeamLead().CreateAsync(Host);
        await Host.SendAsync(new SetAgentActive.Command(lead.Id, Active: false), Demo.Admin);

        var result = await Host.SendAsync(new TeamBuilder { LeadAgentId = lead.Id }.ToCreate(), Demo.Admin);

        Assert.Equal(("LeadAgentId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Theory]
    [InlineData("", "Name")]
    [InlineData("A", "Name")]
    [InlineData("a name longer than one hundred characters", "Name")]
    [InlineData("a description longer than five hundred characters", "Description")]
    [InlineData("a lead with the empty id", "LeadAgentId")]
    [InlineData("a lead nobody is", "LeadAgentId")]
    public async Task Given_a_team_filled_in_wrong_When_created_Then_the_field_is_refused(string mistake, string field)
    {
        var team = mistake switch
        {
            "a name longer than one hundred characters" => new TeamBuilder { Name = new string('n', 101) },
            "a description longer than five hundred characters" => new TeamBuilder { Description = new string('d', 501) },
            "a lead with the empty id" => new TeamBuilder { LeadAgentId = Guid.Empty },
            "a lead nobody is" => new TeamBuilder { LeadAgentId = Guid.NewGuid() },
            _ => new TeamBuilder { Name = mistake },
        };

        var result = await Host.SendAsync(team.ToCreate(), Demo.Admin);

        Assert.Equal((field, ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
        Assert.Equal(2, (await Host.SendAsync(new ListTeams.Query(), Demo.Admin)).Value.Count);
    }
}
