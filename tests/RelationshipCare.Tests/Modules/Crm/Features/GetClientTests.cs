using System.Net;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class GetClientTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_the_owner_When_opening_the_360_Then_contact_policies_with_countdown_custom_fields_preferences_and_notes_are_shown()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var client = await (await jamie.GetAsync($"/api/crm/clients/{DemoClientIds.EleanorWhitfield}", Ct)).ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);

        Assert.Equal(("Eleanor Whitfield", "eleanor.whitfield@example.com", "+12125550101"), (client.FullName, client.Email, client.Phone));
        Assert.Equal((Demo.JamieRivera.Id, Demo.JamieRivera.Name, CrmKind.Native), (client.Owner.Id, client.Owner.Name, client.Source));
        var policy = Assert.Single(client.Policies);
        Assert.Equal(("LIF-100010", "life", 12), (policy.Number, policy.LineOfBusiness, policy.DaysToRenewal));
        Assert.Equal(["Household size", "Referral source"], client.CustomFields.Select(f => f.Label));
        Assert.NotNull(client.CustomFields.Single(f => f.Key == "referral_source").Value);
        Assert.NotNull(client.Preferences.PreferredChannel);
        Assert.Equal(2, client.Notes.Count);
        Assert.True(client.Notes[0].CreatedAt > client.Notes[1].CreatedAt, "Newest note first");
        Assert.True(client.CanManageSharing);
    }

    [Fact]
    public async Task Given_another_agents_client_When_opened_Then_it_answers_404_exactly_as_a_client_that_does_not_exist()
    {
        var sam = await ApiClientAsync(Demo.SamTaylor);

        var hidden = await (await sam.GetAsync($"/api/crm/clients/{DemoClientIds.EleanorWhitfield}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var missing = await (await sam.GetAsync($"/api/crm/clients/{Guid.NewGuid()}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("crm.client-not-found", hidden.Code);
        Assert.Equal((missing.Type, missing.Title, missing.Code), (hidden.Type, hidden.Title, hidden.Code));
    }

    [Fact]
    public async Task Given_a_client_shared_with_an_agent_When_they_open_it_Then_they_see_it_but_may_not_manage_its_sharing()
    {
        var client = await Host.SendAsync(new GetClient.Query(DemoClientIds.NadiaPetrov), Demo.JamieRivera);

        Assert.Equal(Demo.PriyaShah.Id, client.Value.Owner.Id);
        Assert.Contains(client.Value.SharedWith, a => a.Id == Demo.JamieRivera.Id && a.Name == Demo.JamieRivera.Name);
        Assert.False(client.Value.CanManageSharing);
    }

    [Fact]
    public async Task Given_a_team_lead_and_an_admin_When_opening_a_team_members_client_Then_both_see_it()
    {
        var lead = await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.MorganLee);
        var admin = await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.Admin);

        Assert.Equal(Demo.SamTaylor.Id, lead.Value.Owner.Id);
        Assert.True(lead.Value.CanManageSharing);
        Assert.False(admin.IsError);
    }

    [Fact]
    public async Task Given_another_agents_client_When_its_360_page_is_opened_in_a_browser_Then_it_is_not_found_and_shows_nothing_of_the_client()
    {
        var sam = await SignedInBrowserAsync(Demo.SamTaylor);
        var jamie = await SignedInBrowserAsync(Demo.JamieRivera);

        var hidden = await sam.GetAsync($"/clients/{DemoClientIds.EleanorWhitfield}", Ct);
        var own = await jamie.GetAsync($"/clients/{DemoClientIds.EleanorWhitfield}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain("Whitfield", await hidden.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Eleanor Whitfield", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
