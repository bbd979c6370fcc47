using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

/// <summary>
/// The client 360 is served from the cache: what the commands change shows at once, and the cache never widens who
/// sees a client.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GetClientCacheTests(HostFixture host) : HostTest(host)
{
    private static readonly Guid Eleanor = DemoClientIds.EleanorWhitfield;

    [Fact]
    public async Task Given_a_cached_360_When_the_database_changes_without_a_command_Then_the_read_is_served_from_the_cache()
    {
        var before = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        await Host.ReadAsync<CrmDbContext, int>(db =>
            db.Clients.Where(c => c.Id == Eleanor).ExecuteUpdateAsync(set => set.SetProperty(c => c.Company, "Changed behind the cache"), Ct));
        var after = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        Assert.Equal(before.Value.Company, after.Value.Company);
    }

    [Fact]
    public async Task Given_a_cached_360_When_the_client_is_edited_Then_the_edit_and_every_later_read_show_the_change()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var cached = await (await jamie.GetAsync($"/api/crm/clients/{Eleanor}", Ct)).ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);
        var edit = new ClientBuilder { FirstName = "Eleanor", LastName = "Whitfield-Hart", Company = "Hart Bakery" }.ToUpdate(Guid.Empty, cached.Version);

        var saved = await (await jamie.PutAsJsonAsync($"/api/crm/clients/{Eleanor}", edit, TestJson.Options, Ct)).ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);
        var read = await (await jamie.GetAsync($"/api/crm/clients/{Eleanor}", Ct)).ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK);

        Assert.Equal(("Whitfield-Hart", "Hart Bakery", cached.Version + 1), (saved.LastName, saved.Company, saved.Version));
        Assert.Equal(("Whitfield-Hart", "Hart Bakery", cached.Version + 1), (read.LastName, read.Company, read.Version));
    }

    [Fact]
    public async Task Given_a_cached_360_When_a_note_is_added_Then_the_next_read_shows_it_first()
    {
        var cached = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        await Host.SendAsync(new AddClientNote.Command("Asked for a quote on umbrella cover.") { ClientId = Eleanor }, Demo.JamieRivera);
        var read = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        Assert.Equal(cached.Value.Notes.Count + 1, read.Value.Notes.Count);
        Assert.Equal("Asked for a quote on umbrella cover.", read.Value.Notes[0].Text);
    }

    [Fact]
    public async Task Given_a_cached_360_When_the_client_is_shared_and_then_unshared_Then_the_colleague_sees_it_at_once_and_then_no_longer_does()
    {
        await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        var beforeSharing = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.SamTaylor);

        await Host.SendAsync(new ShareClient.Command(Demo.SamTaylor.Id) { ClientId = Eleanor }, Demo.JamieRivera);
        var whileShared = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.SamTaylor);
        var ownersViewWhileShared = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        await Host.SendAsync(new UnshareClient.Command(Eleanor, Demo.SamTaylor.Id), Demo.JamieRivera);
        var afterUnsharing = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.SamTaylor);
        var ownersViewAfter = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        Assert.Equal("crm.client-not-found", beforeSharing.FirstError.Code);
        Assert.False(whileShared.IsError);
        Assert.False(whileShared.Value.CanManageSharing);
        Assert.Contains(ownersViewWhileShared.Value.SharedWith, a => a.Id == Demo.SamTaylor.Id);
        Assert.Equal("crm.client-not-found", afterUnsharing.FirstError.Code);
        Assert.DoesNotContain(ownersViewAfter.Value.SharedWith, a => a.Id == Demo.SamTaylor.Id);
    }

    [Fact]
    public async Task Given_the_owners_read_is_cached_When_another_agent_asks_for_the_client_Then_it_still_answers_404()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var sam = await ApiClientAsync(Demo.SamTaylor);
        Assert.Equal(HttpStatusCode.OK, (await jamie.GetAsync($"/api/crm/clients/{Eleanor}", Ct)).StatusCode);

        var hidden = await (await sam.GetAsync($"/api/crm/clients/{Eleanor}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("crm.client-not-found", hidden.Code);
    }

    [Fact]
    public async Task Given_an_admins_read_is_cached_When_an_agent_who_cannot_see_the_client_asks_Then_it_answers_404()
    {
        var admin = await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.Admin);

        var jamie = await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.JamieRivera);
        var owner = await Host.SendAsync(new GetClient.Query(DemoClientIds.MarcusBell), Demo.SamTaylor);

        Assert.True(admin.Value.CanManageSharing);
        Assert.Equal("crm.client-not-found", jamie.FirstError.Code);
        Assert.Equal(Demo.SamTaylor.Id, owner.Value.Owner.Id);
    }

    [Fact]
    public async Task Given_cached_360s_When_an_admin_deletes_a_custom_field_Then_no_client_shows_it_any_more()
    {
        var cached = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);
        var household = await Host.ReadAsync<CrmDbContext, Guid>(db => db.CustomFields.Where(f => f.Label == "Household size").Select(f => f.Id).SingleAsync(Ct));

        await Host.SendAsync(new ManageCustomFields.DeleteCommand(household), Demo.Admin);
        var read = await Host.SendAsync(new GetClient.Query(Eleanor), Demo.JamieRivera);

        Assert.Contains(cached.Value.CustomFields, f => f.Label == "Household size");
        Assert.DoesNotContain(read.Value.CustomFields, f => f.Label == "Household size");
    }
}
