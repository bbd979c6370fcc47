using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Tests.Modules.Teams.Features;

[Collection(HostCollection.Name)]
public sealed class CreateAgentTests(HostFixture host) : HostTest(host)
{
    /// <summary>Each way the agent form can be filled in wrong, and the field the refusal names.</summary>
    private static readonly Dictionary<string, Func<AgentBuilder, AgentBuilder>> InvalidAgents = new()
    {
        ["no name"] = a => a with { FullName = "" },
        ["a one-letter name"] = a => a with { FullName = "A" },
        ["no email"] = a => a with { Email = "" },
        ["an email without a domain"] = a => a with { Email = "ana.lima" },
        ["a role that does not exist"] = a => a with { Role = (AgentRole)42 },
        ["training level 0"] = a => a with { TrainingLevel = 0 },
        ["training level 6"] = a => a with { TrainingLevel = 6 },
        ["a start date in the future"] = a => a with { ExperienceStartDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) },
        ["a start date before 1950"] = a => a with { ExperienceStartDate = new DateOnly(1949, 12, 31) },
        ["21 certifications"] = a => a with { Certifications = [.. Enumerable.Range(1, 21).Select(i => $"Certificate {i}")] },
        ["a blank certification"] = a => a with { Certifications = [" "] },
        ["a specialty that is not a line of business"] = a => a with { Specialties = ["knitting"] },
        ["no client capacity"] = a => a with { MaxConcurrentClients = 0 },
        ["too large a client capacity"] = a => a with { MaxConcurrentClients = 2001 },
        ["the empty team id"] = a => a with { TeamId = Guid.Empty },
        ["a junior agent who may force-assign"] = a => a with { Role = AgentRole.JuniorAgent, CanForceAssign = true },
        ["a specialist who may force-assign"] = a => a with { Role = AgentRole.Specialist, CanForceAssign = true },
    };

    [Fact]
    public async Task Given_an_admin_When_adding_an_agent_Then_the_agent_gets_a_sign_in_account_with_a_temporary_password_shown_once()
    {
        var admin = await ApiClientAsync(Demo.Admin);
        var agent = new AgentBuilder { FullName = "Ana Lima", Email = "Ana.Lima@Agency.Example", TeamId = Demo.LifeAndHealthTeamId };

        var response = await admin.PostAsJsonAsync("/api/teams/agents", agent.ToCreate(), TestJson.Options, Ct);

        var created = await response.ShouldBeAsync<CreateAgent.CreatedAgent>(HttpStatusCode.Created);
        Assert.Equal($"/api/teams/agents/{created.Agent.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("ana.lima@agency.example", created.Agent.Email);
        Assert.Equal("Life & Health", created.Agent.TeamName);
        Assert.True(created.Agent.IsActive);
        Assert.Equal(agent.Specialties, created.Agent.Permissions.Specialties);
        var signIn = await SignInForm.SubmitAsync(Browser(), "ana.lima@agency.example", created.TemporaryPassword);
        Assert.Equal("/", signIn.RedirectPath());
        var profile = await admin.GetFromJsonAsync<AgentSnapshot>($"/api/teams/agents/{created.Agent.Id}", TestJson.Options, Ct);
        Assert.Equivalent(created.Agent, profile, strict: true);
        Assert.DoesNotContain(created.TemporaryPassword, await admin.GetStringAsync($"/api/teams/agents/{created.Agent.Id}", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_team_lead_When_adding_an_agent_Then_it_is_refused_with_403()
    {
        var lead = await ApiClientAsync(Demo.MorganLee);

        var response = await lead.PostAsJsonAsync("/api/teams/agents", new AgentBuilder().ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(5, await CountAgentsAsync());
    }

    [Fact]
    public async Task Given_nobody_signed_in_When_a_page_or_job_sends_the_command_Then_it_is_refused_as_unauthorized()
    {
        var result = await Host.SendAsync(new AgentBuilder().ToCreate());

        Assert.Equal(ErrorType.Unauthorized, result.FirstError.Type);
    }

    [Fact]
    public async Task Given_a_junior_agent_When_sending_an_invalid_command_Then_it_is_refused_as_forbidden_before_validation_says_anything()
    {
        var result = await Host.SendAsync(new AgentBuilder { FullName = "" }.ToCreate(), Demo.JamieRivera);

        Assert.Equal(ErrorType.Forbidden, result.FirstError.Type);
    }

    [Fact]
    public async Task Given_an_email_another_agent_uses_When_adding_an_agent_Then_the_email_is_refused_whatever_its_case()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsJsonAsync(
            "/api/teams/agents", new AgentBuilder { Email = Demo.PriyaShah.Email.ToUpperInvariant() }.ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync("email");
        Assert.Equal(5, await CountAgentsAsync());
    }

    [Fact]
    public async Task Given_an_email_of_a_sign_in_account_without_an_agent_When_adding_an_agent_Then_it_is_refused_and_nothing_is_kept()
    {
        // The admin has an account but no agent profile: the account store refuses the email after the agent
        // checks passed, and the unit of work must roll back what was written until then.
        var result = await Host.SendAsync(new AgentBuilder { Email = Demo.Admin.Email }.ToCreate(), Demo.Admin);

        Assert.Equal(ErrorType.Validation, result.FirstError.Type);
        Assert.Equal("Email", result.FirstError.Code);
        Assert.Equal(5, await CountAgentsAsync());
        Assert.Equal(6, await Host.ReadAsync<PlatformDbContext, int>(db => db.Users.CountAsync(Ct)));
    }

    [Fact]
    public async Task Given_the_same_agent_sent_several_times_at_once_When_saved_Then_one_is_created_and_the_others_are_refused_without_a_500()
    {
        List<HttpClient> admins = [];
        for (var i = 0; i < 6; i++)
        {
            admins.Add(await ApiClientAsync(Demo.Admin));
        }

        var agent = new AgentBuilder().ToCreate();
        var responses = await Task.WhenAll(admins.Select(admin => admin.PostAsJsonAsync("/api/teams/agents", agent, TestJson.Options, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(refused.StatusCode == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest);
        }

        Assert.Equal(6, await CountAgentsAsync());
        Assert.Equal(7, await Host.ReadAsync<PlatformDbContext, int>(db => db.Users.CountAsync(Ct)));
    }

    [Fact]
    public async Task Given_a_team_that_does_not_exist_When_adding_an_agent_to_it_Then_the_team_is_refused()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsJsonAsync("/api/teams/agents", new AgentBuilder { TeamId = Guid.NewGuid() }.ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync("teamId");
    }

    [Theory]
    [InlineData("no name", "FullName")]
    [InlineData("a one-letter name", "FullName")]
    [InlineData("no email", "Email")]
    [InlineData("an email without a domain", "Email")]
    [InlineData("a role that does not exist", "Role")]
    [InlineData("training level 0", "TrainingLevel")]
    [InlineData("training level 6", "TrainingLevel")]
    [InlineData("a start date in the future", "ExperienceStartDate")]
    [InlineData("a start date before 1950", "ExperienceStartDate")]
    [InlineData("21 certifications", "Certifications")]
    [InlineData("a blank certification", "Certifications[0]")]
    [InlineData("a specialty that is not a line of business", "Specialties[0]")]
    [InlineData("no client capacity", "MaxConcurrentClients")]
    [InlineData("too large a client capacity", "MaxConcurrentClients")]
    [InlineData("the empty team id", "TeamId")]
    [InlineData("a junior agent who may force-assign", "CanForceAssign")]
    [InlineData("a specialist who may force-assign", "CanForceAssign")]
    public async Task Given_an_agent_filled_in_wrong_When_an_admin_adds_it_Then_the_field_is_refused_and_nothing_is_created(string mistake, string field)
    {
        var result = await Host.SendAsync(InvalidAgents[mistake](new AgentBuilder()).ToCreate(), Demo.Admin);

        Assert.True(result.IsError, $"An agent with {mistake} was accepted.");
        Assert.All(result.Errors, error => Assert.Equal(ErrorType.Validation, error.Type));
        Assert.Contains(field, result.Errors.Select(e => e.Code));
        Assert.Equal(5, await CountAgentsAsync());
    }

    [Fact]
    public async Task Given_a_team_lead_who_may_force_assign_When_added_Then_the_permission_is_kept()
    {
        var lead = await new AgentBuilder().AsTeamLead().CreateAsync(Host);

        Assert.Equal(AgentRole.TeamLead, lead.Role);
        Assert.True(lead.Permissions.CanForceAssign);
    }

    private Task<int> CountAgentsAsync() => Host.ReadAsync<TeamsDbContext, int>(db => db.Agents.CountAsync(Ct));
}
