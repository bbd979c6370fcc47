using System.Net;
using System.Net.Http.Json;
using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class UpdateClientTests(HostFixture host) : HostTest(host)
{
    private static readonly Guid Eleanor = DemoClientIds.EleanorWhitfield;

    [Fact]
    public async Task Given_the_owner_When_editing_a_client_Then_the_phone_is_stored_in_E164_the_email_in_lower_case_and_the_version_moves_on()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var edit = new ClientBuilder { FirstName = "Eleanor", LastName = "Whitfield-Hart", Email = "Eleanor.Hart@Example.com", Phone = "415.555.0199" };

        var response = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}", edit.ToUpdate(Guid.Empty, 0), TestJson.Options, Ct);

        var client = await response.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);
        Assert.Equal(("Whitfield-Hart", "eleanor.hart@example.com", "+14155550199", 1), (client.LastName, client.Email, client.Phone, client.Version));
        Assert.Equal(("CA", new TimeOnly(21, 0)), (client.Address!.State, client.Preferences.QuietHoursStart));
        Assert.Equal("Website", client.CustomFields.Single(f => f.Key == "referral_source").Value);
        Assert.Single(client.Policies);
    }

    [Fact]
    public async Task Given_a_shared_agent_and_a_lead_When_they_edit_the_client_Then_both_may()
    {
        var shared = await Host.SendAsync(new ClientBuilder().ToUpdate(DemoClientIds.NadiaPetrov, 0), Demo.JamieRivera);
        var lead = await Host.SendAsync(new ClientBuilder().ToUpdate(DemoClientIds.NadiaPetrov, 1), Demo.MorganLee);

        Assert.False(shared.IsError);
        Assert.Equal(2, lead.Value.Version);
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("phone", "555-12")]
    [InlineData("phone", "call me maybe")]
    [InlineData("address.State", "ZZ")]
    [InlineData("address.PostalCode", "9410")]
    [InlineData("firstName", "")]
    [InlineData("preferences.QuietHoursEnd", "no end")]
    [InlineData("preferences.TimeZone", "Mars/Olympus_Mons")]
    [InlineData("preferences.PreferredChannel", "pigeon")]
    public async Task Given_bad_input_When_editing_Then_it_is_refused_with_a_field_error_and_nothing_changes(string field, string value)
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var valid = new ClientBuilder();
        var edit = field switch
        {
            "email" => valid with { Email = value },
            "phone" => valid with { Phone = value },
            "address.State" => valid with { Address = valid.Address! with { State = value } },
            "address.PostalCode" => valid with { Address = valid.Address! with { PostalCode = value } },
            "firstName" => valid with { FirstName = value },
            "preferences.QuietHoursEnd" => valid with { Preferences = valid.Preferences! with { QuietHoursEnd = null } },
            "preferences.TimeZone" => valid with { Preferences = valid.Preferences! with { TimeZone = value } },
            _ => valid with { Preferences = valid.Preferences! with { PreferredChannel = value } },
        };

        var response = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}", edit.ToUpdate(Guid.Empty, 0), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync(field);
        var unchanged = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        Assert.Equal(("Whitfield", 0), (unchanged.Value.LastName, unchanged.Value.Version));
    }

    [Fact]
    public async Task Given_a_custom_field_no_admin_defined_When_set_Then_it_is_refused_with_a_field_error_on_that_key()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var edit = new ClientBuilder { CustomFields = new Dictionary<string, string?> { ["favourite_colour"] = "teal" } };

        var response = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}", edit.ToUpdate(Guid.Empty, 0), TestJson.Options, Ct);

        var problem = await response.ShouldBeValidationProblemAsync("customFields.favourite_colour");
        Assert.Contains("no custom field", problem.Errors["customFields.favourite_colour"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("household_size", "four")]
    [InlineData("referral_source", "Billboard")]
    public async Task Given_a_custom_field_value_its_type_refuses_When_set_Then_it_is_refused_with_a_field_error(string key, string value)
    {
        var result = await Host.SendAsync(
            new ClientBuilder { CustomFields = new Dictionary<string, string?> { [key] = value } }.ToUpdate(Eleanor, 0), Demo.JamieRivera);

        Assert.Equal(($"CustomFields.{key}", ErrorType.Validation), (result.FirstError.Code, result.FirstError.Type));
    }

    [Fact]
    public async Task Given_an_edit_based_on_an_older_version_When_saved_Then_it_is_refused_with_409_and_the_newer_change_is_kept()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        await Host.SendAsync(new ClientBuilder { LastName = "First-Edit" }.ToUpdate(Eleanor, 0), Demo.MorganLee);

        var response = await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}", new ClientBuilder { LastName = "Stale" }.ToUpdate(Guid.Empty, 0), TestJson.Options, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("crm.client-changed", problem.Code);
        Assert.Equal("First-Edit", (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value.LastName);
    }

    [Fact]
    public async Task Given_two_edits_from_the_same_version_at_once_When_saved_Then_exactly_one_wins_and_the_other_gets_a_conflict()
    {
        var edits = Enumerable.Range(0, 4).Select(i => Host.SendAsync(new ClientBuilder { LastName = $"Racer{i}" }.ToUpdate(Eleanor, 0), Demo.JamieRivera));

        var results = await Task.WhenAll(edits);

        Assert.Single(results, r => !r.IsError);
        Assert.All(results.Where(r => r.IsError), r => Assert.Equal("crm.client-changed", r.FirstError.Code));
        Assert.Equal(1, (await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera)).Value.Version);
    }

    [Fact]
    public async Task Given_an_edit_When_it_commits_Then_client_updated_is_published()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<ClientUpdated>();
        var changes = Host.Services.GetRequiredService<RelationshipCare.Web.Modules.Crm.ClientChanges>();
        changes.Changed += seen.Enqueue;
        try
        {
            await Host.SendAsync(new ClientBuilder().ToUpdate(Eleanor, 0), Demo.JamieRivera);
            // Delivered through the outbox, just after the commit.
            await Eventually.HoldsAsync(() => Task.FromResult(!seen.IsEmpty), "the change was announced");
        }
        finally
        {
            changes.Changed -= seen.Enqueue;
        }

        var change = Assert.Single(seen);
        Assert.Equal((Eleanor, Demo.JamieRivera.Id), (change.ClientId, change.ChangedBy));
    }
}
