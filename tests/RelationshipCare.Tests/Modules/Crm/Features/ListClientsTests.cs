using System.Net;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Features;

[Collection(HostCollection.Name)]
public sealed class ListClientsTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_When_listing_clients_Then_only_their_own_and_those_shared_with_them_are_listed()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var owned = await Host.ReadAsync<CrmDbContext, int>(db => db.Clients.CountAsync(c => c.OwnerAgentId == Demo.JamieRivera.Id, Ct));

        var page = await (await jamie.GetAsync("/api/crm/clients?pageSize=100", Ct)).ShouldBeAsync<ListClients.ClientPage>(HttpStatusCode.OK);

        Assert.Equal(owned + 1, page.Total);
        Assert.All(page.Items, c => Assert.True(c.OwnerAgentId == Demo.JamieRivera.Id || c.Id == DemoClientIds.NadiaPetrov, $"{c.FirstName} {c.LastName} is not Jamie's"));
        Assert.Contains(page.Items, c => c.Id == DemoClientIds.NadiaPetrov);
    }

    [Fact]
    public async Task Given_a_team_lead_and_an_admin_When_listing_Then_the_lead_sees_their_teams_clients_and_the_admin_sees_all()
    {
        var outsider = await new AgentBuilder { TeamId = null }.CreateAsync(Host);
        await new ClientBuilder { OwnerAgentId = outsider.Id }.CreateAsync(Host, Demo.Admin);

        var lead = await Host.SendAsync(new ListClients.Query(), Demo.MorganLee);
        var admin = await Host.SendAsync(new ListClients.Query(), Demo.Admin);

        // Morgan Lee leads both demo teams, so every demo client is theirs to see, but not the client of an agent in no team.
        Assert.Equal(DemoClientIds.Count, lead.Value.Total);
        Assert.Equal(DemoClientIds.Count + 1, admin.Value.Total);
    }

    [Theory]
    [InlineData("whitfield")]
    [InlineData("Whit")]
    [InlineData("eleanor")]
    [InlineData("Eleanor Whitfield")]
    [InlineData("whitfield, eleanor")]
    [InlineData("Eleanor.Whitfield@example.com")]
    [InlineData("eleanor.whitfield@")]
    [InlineData("(212) 555-0101")]
    [InlineData("+1 212 555 0101")]
    [InlineData("lif-100010")]
    public async Task Given_a_clients_name_email_phone_or_policy_number_When_searched_Then_the_client_is_found(string search)
    {
        var result = await Host.SendAsync(new ListClients.Query(Search: search), Demo.JamieRivera);

        Assert.Contains(result.Value.Items, c => c.Id == DemoClientIds.EleanorWhitfield);
    }

    [Fact]
    public async Task Given_another_agents_client_When_searched_for_by_name_Then_it_is_not_found()
    {
        var result = await Host.SendAsync(new ListClients.Query(Search: "Bell"), Demo.JamieRivera);

        Assert.DoesNotContain(result.Value.Items, c => c.Id == DemoClientIds.MarcusBell);
    }

    [Fact]
    public async Task Given_the_renewal_filter_When_listing_Then_exactly_the_clients_with_an_active_policy_expiring_within_the_days_are_listed()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expected = await Host.ReadAsync<CrmDbContext, List<Guid>>(db => db.Clients
            .Where(c => c.Policies.Any(p => p.Status == PolicyStatus.Active && p.ExpirationDate >= today && p.ExpirationDate <= today.AddDays(30)))
            .Select(c => c.Id).ToListAsync(Ct));

        var result = await Host.SendAsync(new ListClients.Query(RenewalWithinDays: 30, Sort: ClientSort.NextRenewal, PageSize: 100), Demo.Admin);

        Assert.True(expected.Count >= 5, $"The demo book should have several renewals within 30 days, has {expected.Count}.");
        Assert.Equal(expected.Order(), result.Value.Items.Select(c => c.Id).Order());
        Assert.Contains(result.Value.Items, c => c.Id == DemoClientIds.EleanorWhitfield);
        Assert.DoesNotContain(result.Value.Items, c => c.Id == DemoClientIds.MarcusBell);
        Assert.Equal(result.Value.Items.Select(c => c.NextRenewalDate).Order(), result.Value.Items.Select(c => c.NextRenewalDate));
    }

    [Fact]
    public async Task Given_the_line_of_business_and_source_filters_When_listing_Then_only_matching_clients_are_listed()
    {
        var commercial = await Host.SendAsync(new ListClients.Query(LineOfBusiness: "commercial_lines", PageSize: 100), Demo.Admin);
        var synced = await Host.SendAsync(new ListClients.Query(Source: RelationshipCare.Web.Modules.Crm.Connectors.CrmKind.HubSpot), Demo.Admin);

        Assert.Contains(commercial.Value.Items, c => c.Id == DemoClientIds.MarcusBell);
        Assert.DoesNotContain(commercial.Value.Items, c => c.Id == DemoClientIds.EleanorWhitfield);
        Assert.Equal(0, synced.Value.Total);
    }

    [Theory]
    [InlineData(nameof(ClientSort.Name))]
    [InlineData(nameof(ClientSort.NextRenewal))]
    [InlineData(nameof(ClientSort.LastContact))]
    public async Task Given_a_sort_When_walking_every_page_Then_each_client_comes_exactly_once_in_order(string sortName)
    {
        var sort = Enum.Parse<ClientSort>(sortName);
        var rows = await WalkAsync(sort, pageSize: 9, Demo.Admin);

        Assert.Equal(DemoClientIds.Count, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        var keys = rows.Select(r => SortKey(r, sort)).ToList();
        // Names are in the database's collation, so the database says what their order is.
        var expected = sort == ClientSort.Name
            ? await Host.ReadAsync<CrmDbContext, List<string>>(db => db.Clients.OrderBy(c => c.SortName).Select(c => c.SortName).ToListAsync(Ct))
            : [.. keys.Order(StringComparer.Ordinal)];
        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task Given_a_client_added_before_the_cursor_while_paging_When_the_next_page_is_read_Then_no_client_is_skipped_or_repeated()
    {
        var first = await Host.SendAsync(new ListClients.Query(PageSize: 50), Demo.Admin);
        await new ClientBuilder { FirstName = "Aaron", LastName = "Aardvark", OwnerAgentId = Demo.JamieRivera.Id }.CreateAsync(Host, Demo.Admin);

        var rest = await WalkAsync(ClientSort.Name, pageSize: 50, Demo.Admin, first.Value.NextCursor);

        Assert.Equal(DemoClientIds.Count, first.Value.Items.Count + rest.Count);
        Assert.Empty(first.Value.Items.Select(r => r.Id).Intersect(rest.Select(r => r.Id)));
    }

    [Fact]
    public async Task Given_a_cursor_that_was_not_given_out_or_a_page_size_out_of_range_When_listing_Then_they_are_refused_with_field_errors()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        await (await admin.GetAsync("/api/crm/clients?after=not-a-cursor", Ct)).ShouldBeValidationProblemAsync("after");
        await (await admin.GetAsync("/api/crm/clients?pageSize=0", Ct)).ShouldBeValidationProblemAsync("pageSize");
        await (await admin.GetAsync("/api/crm/clients?renewalWithinDays=0", Ct)).ShouldBeValidationProblemAsync("renewalWithinDays");
        await (await admin.GetAsync("/api/crm/clients?lineOfBusiness=pets", Ct)).ShouldBeValidationProblemAsync("lineOfBusiness");
    }

    [Fact]
    public async Task Given_more_than_a_thousand_matches_When_listing_Then_the_total_says_at_least_a_thousand_and_the_pages_go_on()
    {
        await Host.ReadAsync<CrmDbContext, int>(db =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var n = 0; n < ListClients.CountLimit + 1; n++)
            {
                var client = new Client { Id = Guid.CreateVersion7(), OwnerAgentId = Demo.JamieRivera.Id, CreatedAt = now, UpdatedAt = now };
                client.Rename($"Bulk{n}", "Zeta");
                db.Clients.Add(client);
            }

            return db.SaveChangesAsync(Ct);
        });

        var all = await Host.SendAsync(new ListClients.Query(PageSize: 100), Demo.JamieRivera);
        var some = await Host.SendAsync(new ListClients.Query(Search: "whitfield"), Demo.JamieRivera);

        Assert.Equal((ListClients.CountLimit, true), (all.Value.Total, all.Value.TotalIsLowerBound));
        Assert.NotNull(all.Value.NextCursor);
        Assert.Equal((1, false), (some.Value.Total, some.Value.TotalIsLowerBound));
    }

    [Fact]
    public async Task Given_a_cursor_of_one_sort_When_used_with_another_Then_it_is_refused()
    {
        var byName = await Host.SendAsync(new ListClients.Query(PageSize: 5), Demo.Admin);

        var result = await Host.SendAsync(new ListClients.Query(Sort: ClientSort.NextRenewal, After: byName.Value.NextCursor), Demo.Admin);

        Assert.Equal("After", result.FirstError.Code);
    }

    private async Task<List<ListClients.ClientRow>> WalkAsync(ClientSort sort, int pageSize, DemoPerson actor, string? after = null)
    {
        List<ListClients.ClientRow> rows = [];
        do
        {
            var page = await Host.SendAsync(new ListClients.Query(Sort: sort, After: after, PageSize: pageSize), actor);
            rows.AddRange(page.Value.Items);
            after = page.Value.NextCursor;
        }
        while (after is not null);

        return rows;
    }

    /// <summary>The row's place in the sort as text that orders the same way (missing values last).</summary>
    private static string SortKey(ListClients.ClientRow row, ClientSort sort) => sort switch
    {
        ClientSort.NextRenewal => row.NextRenewalDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "~",
        ClientSort.LastContact => row.LastContactAt is { } at ? (long.MaxValue - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) : "~",
        _ => Client.NameKey(row.FirstName, row.LastName),
    };
}
