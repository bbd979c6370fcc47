using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class CreateClientTests(HostFixture host) : HostTest(host)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Given_an_agent_When_adding_a_client_with_policies_Then_they_own_it_in_the_native_store_with_its_next_renewal()
    {
        var sam = await ApiClientAsync(Demo.SamTaylor);
        var builder = new ClientBuilder { Policies = [ClientBuilder.Policy("aut-9001", Today.AddDays(90), "personal_auto"), ClientBuilder.Policy("HOM-9002", Today.AddDays(20), "homeowners")] };

        var response = await sam.PostAsJsonAsync("/api/crm/clients", builder.ToCreate(), TestJson.Options, Ct);

        var client = await response.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.Created);
        Assert.Equal($"/api/crm/clients/{client.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((Demo.SamTaylor.Id, CrmKind.Native, "+14155550177", "harriet.quill@example.com"), (client.Owner.Id, client.Source, client.Phone, client.Email));
        Assert.Equal(["HOM-9002", "AUT-9001"], client.Policies.Select(p => p.Number));
        Assert.Equal(Today.AddDays(20), client.NextRenewalDate);
    }

    [Fact]
    public async Task Given_a_policy_number_already_taken_When_adding_a_client_Then_it_is_refused_on_that_policy()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var builder = new ClientBuilder { Policies = [ClientBuilder.Policy("NEW-1", Today.AddDays(10)), ClientBuilder.Policy("lif-100010", Today.AddDays(10))] };

        var response = await jamie.PostAsJsonAsync("/api/crm/clients", builder.ToCreate(), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync("policies[1].Number");
    }

    [Fact]
    public async Task Given_an_agent_When_giving_the_new_client_to_an_agent_they_do_not_lead_Then_it_is_refused()
    {
        var result = await Host.SendAsync(new ClientBuilder { OwnerAgentId = Demo.SamTaylor.Id }.ToCreate(), Demo.JamieRivera);

        Assert.Equal(("OwnerAgentId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_lead_When_adding_a_client_for_a_member_of_their_team_Then_the_member_owns_it()
    {
        var client = await new ClientBuilder { OwnerAgentId = Demo.JamieRivera.Id }.CreateAsync(Host, Demo.MorganLee);

        Assert.Equal(Demo.JamieRivera.Id, client.Owner.Id);
        Assert.False((await Host.SendAsync(new GetClient.Query(client.Id), Demo.JamieRivera)).IsError);
    }

    [Fact]
    public async Task Given_an_admin_without_an_agent_profile_When_adding_a_client_for_nobody_Then_they_are_asked_to_choose_the_owner()
    {
        var result = await Host.SendAsync(new ClientBuilder().ToCreate(), Demo.Admin);

        Assert.Equal(("OwnerAgentId", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_a_junior_agent_When_listing_who_may_own_a_new_client_Then_only_they_may()
    {
        var owners = await Host.SendAsync(new ListClientOwners.Query(), Demo.JamieRivera);

        var you = Assert.Single(owners.Value);
        Assert.Equal((Demo.JamieRivera.Id, true), (you.AgentId, you.IsYou));
    }

    [Fact]
    public async Task Given_a_lead_When_listing_who_may_own_a_new_client_over_the_api_Then_they_come_first_then_their_teams_agents_by_name()
    {
        var morgan = await ApiClientAsync(Demo.MorganLee);

        var owners = await (await morgan.GetAsync("/api/crm/client-owners", Ct)).ShouldBeAsync<List<ListClientOwners.Owner>>(HttpStatusCode.OK);

        Assert.Equal((Demo.MorganLee.Id, true), (owners[0].AgentId, owners[0].IsYou));
        Assert.Contains(owners, o => o.AgentId == Demo.JamieRivera.Id && !o.IsYou);
        Assert.Equal(owners.Skip(1).Select(o => o.Name).Order(StringComparer.CurrentCulture), owners.Skip(1).Select(o => o.Name));
    }

    [Fact]
    public async Task Given_an_admin_without_an_agent_profile_When_listing_who_may_own_a_new_client_Then_every_active_agent_and_none_is_them()
    {
        var owners = (await Host.SendAsync(new ListClientOwners.Query(), Demo.Admin)).Value;

        Assert.DoesNotContain(owners, o => o.IsYou);
        Assert.Contains(owners, o => o.AgentId == Demo.SamTaylor.Id);
        Assert.Contains(owners, o => o.AgentId == Demo.MorganLee.Id);
    }

    [Fact]
    public async Task Given_no_credentials_When_listing_who_may_own_a_new_client_Then_it_is_refused()
    {
        var response = await ApiClient().GetAsync("/api/crm/client-owners", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Given_bad_policies_When_adding_a_client_Then_each_is_refused_with_a_field_error()
    {
        var builder = new ClientBuilder
        {
            Policies =
            [
                ClientBuilder.Policy("OK-1", Today) with { LineOfBusiness = "pets" },
                ClientBuilder.Policy("no spaces allowed", Today),
                ClientBuilder.Policy("OK-3", Today) with { EffectiveDate = Today.AddDays(1) },
            ],
        };

        var result = await Host.SendAsync(builder.ToCreate(), Demo.JamieRivera);

        Assert.Equal(["Policies[0].LineOfBusiness", "Policies[1].Number", "Policies[2].ExpirationDate"], result.Errors.Select(e => e.Code).Order());
    }
}
