using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class ListAgentsTests(HostFixture host) : HostTest(host)
{
    [Theory]
    [InlineData("", "Daniel Okafor, Jamie Rivera, Morgan Lee, Priya Shah, Sam Taylor")]
    [InlineData("?role=JuniorAgent", "Jamie Rivera, Sam Taylor")]
    [InlineData("?teamId=0193a000-0000-7000-8000-000000000102", "Daniel Okafor, Sam Taylor")]
    [InlineData("?specialty=commercial_lines", "Daniel Okafor, Morgan Lee, Sam Taylor")]
    [InlineData("?search=SHAH", "Priya Shah")]
    [InlineData("?search=daniel.okafor@", "Daniel Okafor")]
    [InlineData("?role=Specialist&specialty=life", "Priya Shah")]
    [InlineData("?search=nobody", "")]
    public async Task Given_the_demo_agency_When_a_junior_agent_searches_the_directory_Then_the_matching_agents_come_by_name(string query, string expected)
    {
        var junior = await ApiClientAsync(Demo.JamieRivera);

        var agents = await junior.GetFromJsonAsync<List<AgentSnapshot>>("/api/teams/agents" + query, TestJson.Options, Ct);

        Assert.Equal(expected, string.Join(", ", agents!.Select(a => a.FullName)));
    }

    [Fact]
    public async Task Given_a_deactivated_agent_When_an_admin_asks_for_inactive_agents_Then_they_are_listed()
    {
        await Host.SendAsync(new SetAgentActive.Command(Demo.SamTaylor.Id, Active: false), Demo.Admin);
        var admin = await ApiClientAsync(Demo.Admin);

        var active = await admin.GetFromJsonAsync<List<AgentSnapshot>>("/api/teams/agents", TestJson.Options, Ct);
        var all = await admin.GetFromJsonAsync<List<AgentSnapshot>>("/api/teams/agents?includeInactive=true", TestJson.Options, Ct);

        Assert.DoesNotContain(active!, a => a.Id == Demo.SamTaylor.Id);
        Assert.Contains(all!, a => a.Id == Demo.SamTaylor.Id && !a.IsActive);
    }

    [Fact]
    public async Task Given_a_deactivated_agent_When_a_team_lead_asks_for_inactive_agents_Then_they_stay_hidden()
    {
        await Host.SendAsync(new SetAgentActive.Command(Demo.SamTaylor.Id, Active: false), Demo.Admin);
        var lead = await ApiClientAsync(Demo.MorganLee);

        var agents = await lead.GetFromJsonAsync<List<AgentSnapshot>>("/api/teams/agents?includeInactive=true", TestJson.Options, Ct);

        Assert.DoesNotContain(agents!, a => a.Id == Demo.SamTaylor.Id);
    }

    [Fact]
    public async Task Given_a_search_longer_than_100_characters_When_listing_Then_it_is_refused()
    {
        var junior = await ApiClientAsync(Demo.JamieRivera);

        var response = await junior.GetAsync("/api/teams/agents?search=" + new string('a', 101), Ct);

        await response.ShouldBeValidationProblemAsync("search");
    }
}
