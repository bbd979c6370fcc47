using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;

namespace RelationshipCare.Tests.Modules.Crm.Features;

/// <summary>A client the caller may not see is, on every endpoint, a client that does not exist.</summary>
[Collection(HostCollection.Name)]
public sealed class ClientVisibilityTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_another_agents_client_When_any_client_endpoint_is_called_Then_each_answers_404_client_not_found()
    {
        var sam = await ApiClientAsync(Demo.SamTaylor);
        var id = DemoClientIds.EleanorWhitfield;
        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Get, $"/api/crm/clients/{id}"),
            new(HttpMethod.Put, $"/api/crm/clients/{id}") { Content = JsonContent.Create(new ClientBuilder().ToUpdate(id, 0), options: TestJson.Options) },
            new(HttpMethod.Post, $"/api/crm/clients/{id}/notes") { Content = JsonContent.Create(new { text = "Checking in." }) },
            new(HttpMethod.Post, $"/api/crm/clients/{id}/shares") { Content = JsonContent.Create(new { agentId = Demo.SamTaylor.Id }) },
            new(HttpMethod.Delete, $"/api/crm/clients/{id}/shares/{Demo.SamTaylor.Id}"),
        ];

        foreach (var request in requests)
        {
            var problem = await (await sam.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("crm.client-not-found", problem.Code);
        }

        var page = await (await sam.GetAsync("/api/crm/clients?search=whitfield", Ct)).ShouldBeAsync<RelationshipCare.Web.Modules.Crm.Features.ListClients.ClientPage>(HttpStatusCode.OK);
        Assert.DoesNotContain(page.Items, c => c.Id == id);
    }
}
