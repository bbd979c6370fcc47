using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class UpdatePolicyTests(HostFixture host) : HostTest(host)
{
    private static readonly Guid Eleanor = DemoClientIds.EleanorWhitfield;

    [Fact]
    public async Task Given_a_policy_renewed_for_a_year_When_its_owner_edits_it_Then_the_360_and_the_next_renewal_follow_even_after_a_cached_read()
    {
        var cached = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(cached.Policies, p => p.Number == "LIF-100010");
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var renewed = new PolicyFields(life.Number, life.LineOfBusiness, "Contoso Life", 1399.99m, life.ExpirationDate, life.ExpirationDate!.Value.AddYears(1), PolicyStatus.Active);

        var response = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}/policies/{life.Id}", new { version = cached.Version, policy = renewed }, TestJson.Options, Ct);

        var client = await response.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);
        var edited = Assert.Single(client.Policies, p => p.Id == life.Id);
        Assert.Equal(("Contoso Life", 1399.99m, life.ExpirationDate.Value.AddYears(1)), (edited.Carrier, edited.Premium, edited.ExpirationDate));
        Assert.Equal(client.Policies.Where(p => p.Status == PolicyStatus.Active).Min(p => p.ExpirationDate), client.NextRenewalDate);
        Assert.Equal(cached.Version + 1, client.Version);
        var reread = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        Assert.Equal("Contoso Life", reread.Policies.Single(p => p.Id == life.Id).Carrier);
    }

    [Fact]
    public async Task Given_a_policy_cancelled_When_saved_Then_it_no_longer_counts_as_the_next_renewal()
    {
        var client = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(client.Policies, p => p.Number == "LIF-100010");

        var saved = await Host.SendAsync(Edit(client, life) with { Policy = Fields(life) with { Status = PolicyStatus.Cancelled } }, Demo.JamieRivera);

        Assert.False(saved.IsError);
        Assert.NotEqual(life.ExpirationDate, saved.Value.NextRenewalDate);
    }

    [Fact]
    public async Task Given_a_number_another_policy_has_When_renumbering_Then_it_is_refused_with_a_field_error()
    {
        var client = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(client.Policies, p => p.Number == "LIF-100010");

        var result = await Host.SendAsync(Edit(client, life) with { Policy = Fields(life) with { Number = "COM-100020" } }, Demo.JamieRivera);

        Assert.Equal("Policy.Number", result.FirstError.Code);
    }

    [Fact]
    public async Task Given_its_own_number_in_another_case_When_saving_Then_it_is_not_taken_by_itself()
    {
        var client = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(client.Policies, p => p.Number == "LIF-100010");

        var result = await Host.SendAsync(Edit(client, life) with { Policy = Fields(life) with { Number = "lif-100010", Premium = 10m } }, Demo.JamieRivera);

        Assert.Equal(("LIF-100010", 10m), (result.Value.Policies.Single(p => p.Id == life.Id).Number, result.Value.Policies.Single(p => p.Id == life.Id).Premium));
    }

    [Fact]
    public async Task Given_bad_input_When_editing_a_policy_Then_it_is_refused_with_a_field_error()
    {
        var client = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(client.Policies, p => p.Number == "LIF-100010");
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PutAsJsonAsync(
            $"/api/crm/clients/{Eleanor}/policies/{life.Id}", new { version = 0, policy = Fields(life) with { Carrier = new string('x', 101) } }, TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync("policy.Carrier");
    }

    [Fact]
    public async Task Given_another_agents_client_or_a_policy_of_another_client_When_editing_Then_both_are_404()
    {
        var marcus = (await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.Admin)).Value;
        var theirs = marcus.Policies[0];
        var eleanor = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var hidden = await jamie.PutAsJsonAsync($"/api/crm/clients/{marcus.Id}/policies/{theirs.Id}", new { version = 0, policy = Fields(theirs) }, TestJson.Options, Ct);
        var elsewhere = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}/policies/{theirs.Id}", new { version = eleanor.Version, policy = Fields(theirs) }, TestJson.Options, Ct);

        Assert.Equal("crm.client-not-found", (await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("crm.policy-not-found", (await elsewhere.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task Given_two_edits_from_the_same_version_at_once_When_saved_Then_one_wins_and_the_other_gets_a_conflict()
    {
        var client = (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value;
        var life = Assert.Single(client.Policies, p => p.Number == "LIF-100010");
        var edits = Enumerable.Range(1, 4).Select(i => Host.SendAsync(Edit(client, life) with { Policy = Fields(life) with { Premium = i } }, Demo.JamieRivera));

        var results = await Task.WhenAll(edits);

        Assert.Single(results, r => !r.IsError);
        Assert.All(results.Where(r => r.IsError), r => Assert.Equal("crm.client-changed", r.FirstError.Code));
    }

    private static UpdatePolicy.Command Edit(GetClient.ClientDetails client, GetClient.PolicyDetails policy) =>
        new() { ClientId = client.Id, PolicyId = policy.Id, Version = client.Version, Policy = Fields(policy) };

    private static PolicyFields Fields(GetClient.PolicyDetails p) =>
        new(p.Number, p.LineOfBusiness, p.Carrier, p.Premium, p.EffectiveDate, p.ExpirationDate, p.Status);
}
