using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class AddClientNoteTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_who_sees_the_client_When_adding_a_note_Then_it_is_the_newest_on_the_360_with_its_author()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{DemoClientIds.NadiaPetrov}/notes", new { text = "  Called about the annuity rider.  " }, Ct);

        var note = await response.ShouldBeAsync<GetClient.NoteDetails>(HttpStatusCode.Created);
        Assert.Equal(("Called about the annuity rider.", Demo.JamieRivera.Name), (note.Text, note.AuthorName));
        var client = await Host.SendAsync(new GetClient.Query(DemoClientIds.NadiaPetrov), Demo.PriyaShah);
        Assert.Equal(note.Id, client.Value.Notes[0].Id);
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(0)]
    public async Task Given_a_note_over_4000_characters_or_empty_When_added_Then_it_is_refused_with_a_field_error(int length)
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync($"/api/crm/clients/{DemoClientIds.EleanorWhitfield}/notes", new { text = new string('n', length) }, Ct);

        await response.ShouldBeValidationProblemAsync("text");
        Assert.Equal(2, (await Host.SendAsync(new GetClient.Query(DemoClientIds.EleanorWhitfield), Demo.JamieRivera)).Value.Notes.Count);
    }

    [Fact]
    public async Task Given_a_note_of_exactly_4000_characters_When_added_Then_it_is_kept_whole()
    {
        var note = await Host.SendAsync(new AddClientNote.Command(new string('n', 4000)) { ClientId = DemoClientIds.EleanorWhitfield }, Demo.JamieRivera);

        Assert.Equal(4000, note.Value.Text.Length);
    }
}
