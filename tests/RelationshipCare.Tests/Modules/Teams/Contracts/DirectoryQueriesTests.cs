using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Modules.Teams.Contracts;

/// <summary>The queries other modules send to the Teams module, answered from inside any scope (no caller needed).</summary>
[Collection(HostCollection.Name)]
public sealed class DirectoryQueriesTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_in_a_team_When_asking_who_leads_them_Then_the_teams_lead_answers()
    {
        var lead = await Host.SendAsync(new GetAgentLead(Demo.JamieRivera.Id));

        Assert.Equal(Demo.MorganLee.Id, lead.Value.Id);
        Assert.Equal(AgentRole.TeamLead, lead.Value.Role);
    }

    [Fact]
    public async Task Given_the_lead_of_their_own_team_When_asking_who_leads_them_Then_nobody_does_in_the_directory()
    {
        var lead = await Host.SendAsync(new GetAgentLead(Demo.MorganLee.Id));

        Assert.Equal(("teams.no-lead", ErrorType.NotFound), (lead.FirstError.Code, lead.FirstError.Type));
    }

    [Fact]
    public async Task Given_an_agent_without_a_team_When_asking_who_leads_them_Then_nobody_does()
    {
        var loner = await new AgentBuilder { TeamId = null }.CreateAsync(Host);

        var lead = await Host.SendAsync(new GetAgentLead(loner.Id));

        Assert.Equal("teams.no-lead", lead.FirstError.Code);
    }

    [Fact]
    public async Task Given_an_agent_in_a_team_without_a_lead_When_asking_who_leads_them_Then_nobody_does()
    {
        var team = await new TeamBuilder { LeadAgentId = null }.CreateAsync(Host);
        var member = await new AgentBuilder { TeamId = team.Id }.CreateAsync(Host);

        var lead = await Host.SendAsync(new GetAgentLead(member.Id));

        Assert.Equal("teams.no-lead", lead.FirstError.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Given_an_agent_id_nobody_has_or_the_empty_id_When_asking_who_leads_them_Then_it_is_refused(bool empty)
    {
        var lead = await Host.SendAsync(new GetAgentLead(empty ? Guid.Empty : Guid.NewGuid()));

        Assert.Equal(empty ? ErrorType.Validation : ErrorType.NotFound, lead.FirstError.Type);
    }

    [Fact]
    public async Task Given_a_team_When_listing_its_members_Then_the_active_ones_come_lead_first()
    {
        await Host.SendAsync(new SetAgentActive.Command(Demo.PriyaShah.Id, Active: false), Demo.Admin);

        var members = await Host.SendAsync(new ListTeamMembers(Demo.LifeAndHealthTeamId));
        var everyone = await Host.SendAsync(new ListTeamMembers(Demo.LifeAndHealthTeamId, IncludeInactive: true));

        Assert.Equal([Demo.MorganLee.Id, Demo.JamieRivera.Id], members.Value.Select(m => m.Id));
        Assert.Equal([Demo.MorganLee.Id, Demo.JamieRivera.Id, Demo.PriyaShah.Id], everyone.Value.Select(m => m.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Given_a_team_id_nobody_has_or_the_empty_id_When_listing_its_members_Then_it_is_refused(bool empty)
    {
        var members = await Host.SendAsync(new ListTeamMembers(empty ? Guid.Empty : Guid.NewGuid()));

        Assert.Equal(empty ? ErrorType.Validation : ErrorType.NotFound, members.FirstError.Type);
    }

    [Fact]
    public async Task Given_an_agent_When_another_module_gets_them_Then_it_sees_their_team_and_permissions()
    {
        var daniel = await Host.SendAsync(new GetAgent(Demo.DanielOkafor.Id));

        Assert.Equal(("Commercial Lines", 4, false, 120), (daniel.Value.TeamName, daniel.Value.TrainingLevel, daniel.Value.Permissions.CanForceAssign, daniel.Value.Permissions.MaxConcurrentClients));
        Assert.Equal([LinesOfBusiness.CommercialLines, LinesOfBusiness.WorkersCompensation], daniel.Value.Permissions.Specialties);
    }

    [Fact]
    public async Task Given_an_agent_id_nobody_has_When_another_module_gets_it_Then_it_is_not_found()
    {
        var agent = await Host.SendAsync(new GetAgent(Guid.NewGuid()));

        Assert.Equal(("teams.agent-not-found", ErrorType.NotFound), (agent.FirstError.Code, agent.FirstError.Type));
    }
}
