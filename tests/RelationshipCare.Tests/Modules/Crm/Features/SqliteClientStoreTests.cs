using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

/// <summary>The client store in the local default (SQLite): the same search, paging and editing as on PostgreSQL.</summary>
[Collection(HostCollection.Name)]
public sealed class SqliteClientStoreTests() : SqliteHostTest("rc-sqlite-crm-")
{
    [Theory]
    [InlineData(nameof(ClientSort.Name))]
    [InlineData(nameof(ClientSort.NextRenewal))]
    [InlineData(nameof(ClientSort.LastContact))]
    public async Task Given_the_local_store_When_walking_every_page_of_a_sort_Then_each_demo_client_comes_once(string sort)
    {
        using var morgan = Host.CreateApiClient(Demo.ApiKey);
        HashSet<Guid> seen = [];
        string? after = null;
        do
        {
            var url = $"/api/crm/clients?sort={sort}&pageSize=40" + (after is null ? "" : $"&after={after}");
            var page = await (await morgan.GetAsync(url, Ct)).ShouldBeAsync<ListClients.ClientPage>(HttpStatusCode.OK);
            Assert.All(page.Items, c => Assert.True(seen.Add(c.Id), $"{c.LastName} came twice"));
            after = page.NextCursor;
        }
        while (after is not null);

        Assert.Equal(DemoClientIds.Count, seen.Count);
    }

    [Fact]
    public async Task Given_the_local_store_When_searching_filtering_and_editing_Then_it_answers_as_on_postgres()
    {
        using var morgan = Host.CreateApiClient(Demo.ApiKey);

        var found = await (await morgan.GetAsync("/api/crm/clients?search=212-555-0101", Ct)).ShouldBeAsync<ListClients.ClientPage>(HttpStatusCode.OK);
        var renewing = await (await morgan.GetAsync("/api/crm/clients?renewalWithinDays=30&sort=NextRenewal", Ct)).ShouldBeAsync<ListClients.ClientPage>(HttpStatusCode.OK);
        var edited = await morgan.PutAsJsonAsync($"/api/crm/clients/{DemoClientIds.EleanorWhitfield}", new ClientBuilder().ToUpdate(Guid.Empty, 0), TestJson.Options, Ct);

        Assert.Contains(found.Items, c => c.Id == DemoClientIds.EleanorWhitfield);
        Assert.Contains(renewing.Items, c => c.Id == DemoClientIds.EleanorWhitfield);
        Assert.Equal("+14155550177", (await edited.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.OK)).Phone);
    }
}
