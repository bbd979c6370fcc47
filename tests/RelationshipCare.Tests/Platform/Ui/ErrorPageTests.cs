using System.Net;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Ui;

[Collection(HostCollection.Name)]
public sealed class ErrorPageTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_signed_in_agent_When_opening_an_address_with_no_page_Then_a_readable_not_found_page_answers_with_404()
    {
        var jamie = await SignedInBrowserAsync(Demo.JamieRivera);

        var response = await jamie.GetAsync("/no/such/page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("There is no page at this address", html, StringComparison.Ordinal);
    }
}
