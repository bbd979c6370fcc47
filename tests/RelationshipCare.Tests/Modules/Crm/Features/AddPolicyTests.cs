using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class AddPolicyTests(HostFixture host) : HostTest(host)
{
    private static readonly Guid Eleanor = DemoClientIds.EleanorWhitfield;

    private DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Given_the_owner_When_adding_a_policy_renewing_sooner_Then_the_360_shows_it_and_the_next_renewal_moves_to_it()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var before = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        var policy = ClientBuilder.Policy("aut-900001", Today.AddDays(5), "personal_auto") with { Premium = 640m };

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/policies", new { version = 0, policy }, TestJson.Options, Ct);

        var client = await response.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.Created);
        Assert.Equal(before.Value.Policies.Count + 1, client.Policies.Count);
        var added = Assert.Single(client.Policies, p => p.Number == "AUT-900001");
        Assert.Equal(("personal_auto", 640m, 5), (added.LineOfBusiness, added.Premium, added.DaysToRenewal));
        Assert.Equal((Today.AddDays(5), 1), (client.NextRenewalDate, client.Version));
        var reread = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        Assert.Contains(reread.Value.Policies, p => p.Number == "AUT-900001");
    }

    [Theory]
    [InlineData("policy.Number", "")]
    [InlineData("policy.Number", "HO 12/3")]
    [InlineData("policy.LineOfBusiness", "spaceships")]
    [InlineData("policy.Premium", "-1")]
    [InlineData("policy.ExpirationDate", "before it starts")]
    public async Task Given_bad_input_When_adding_a_policy_Then_it_is_refused_with_a_field_error_and_nothing_changes(string field, string value)
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var valid = ClientBuilder.Policy("HOM-500100", Today.AddDays(200), "homeowners");
        var policy = (field, value) switch
        {
            ("policy.Number", _) => valid with { Number = value },
            ("policy.LineOfBusiness", _) => valid with { LineOfBusiness = value },
            ("policy.Premium", _) => valid with { Premium = -1m },
            _ => valid with { ExpirationDate = valid.EffectiveDate!.Value.AddDays(-1) },
        };

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/policies", new { version = 0, policy }, TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync(field);
        Assert.Equal(0, (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value.Version);
    }

    [Fact]
    public async Task Given_a_number_another_policy_has_in_any_case_When_adding_Then_it_is_refused_with_a_field_error_on_the_number()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var policy = ClientBuilder.Policy("com-100020", Today.AddDays(90));

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/policies", new { version = 0, policy }, TestJson.Options, Ct);

        var problem = await response.ShouldBeValidationProblemAsync("policy.Number");
        Assert.Contains("already has this number", problem.Errors["policy.Number"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_another_agents_client_When_adding_a_policy_Then_it_is_404_as_if_the_client_did_not_exist()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var policy = ClientBuilder.Policy("AUT-900002", Today.AddDays(90));

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{DemoClientIds.MarcusBell}/policies", new { version = 0, policy }, TestJson.Options, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("crm.client-not-found", problem.Code);
        Assert.DoesNotContain(
            (await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.Admin)).Value.Policies, p => p.Number == "AUT-900002");
    }

    [Fact]
    public async Task Given_a_version_someone_else_moved_on_When_adding_Then_it_is_409_and_nothing_is_added()
    {
        await Host.SendAsync(new ClientBuilder { FirstName = "Eleanor", LastName = "Whitfield" }.ToUpdate(Eleanor, 0), Demo.MorganLee);
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var policy = ClientBuilder.Policy("AUT-900003", Today.AddDays(90));

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{Eleanor}/policies", new { version = 0, policy }, TestJson.Options, Ct);

        Assert.Equal("crm.client-changed", (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.DoesNotContain((await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value.Policies, p => p.Number == "AUT-900003");
    }
}
