using System.Net;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

[Collection(HostCollection.Name)]
public sealed class CrmSyncTests(HostFixture host) : HostTest(host)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-1);

    private readonly HubSpotFake _hubSpot = new();

    [Fact]
    public async Task Given_contacts_in_HubSpot_When_synced_twice_Then_the_first_run_creates_them_with_owners_mapped_and_the_second_changes_nothing()
    {
        var jamies = _hubSpot.AddContact("Ada", "Lovelace", "ada@example.com", Start);
        _hubSpot.Contacts[long.Parse(jamies, System.Globalization.CultureInfo.InvariantCulture)]["properties"]!["hubspot_owner_id"] = ConnectionBuilder.JamiesHubSpotUser;
        for (var i = 0; i < 120; i++)
        {
            _hubSpot.AddContact($"First{i}", $"Last{i}", $"person{i}@example.com", Start.AddMinutes(i + 1));
        }

        _hubSpot.AddPolicy(jamies, "HS-AUTO-1");
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);

        var first = await CrmSync.RunAsync(Host.Services, id);
        var second = await CrmSync.RunAsync(Host.Services, id);

        Assert.Equal((121, 0, null), (first.Created, first.Updated, first.Error));
        Assert.True(first.Pages >= 2, $"{first.Pages} pages");
        Assert.Equal((0, 0, null), (second.Created, second.Updated, second.Error));
        var ada = await ClientByEmailAsync("ada@example.com");
        Assert.Equal((Demo.JamieRivera.Id, CrmKind.HubSpot, id), (ada.OwnerAgentId, ada.Source, ada.SourceConnectionId));
        Assert.Equal("HS-AUTO-1", Assert.Single(ada.Policies).Number);
        Assert.Equal(Demo.PriyaShah.Id, (await ClientByEmailAsync("person0@example.com")).OwnerAgentId);
        var history = await Host.SendAsync(new ListSyncRuns.Query(id), Demo.Admin);
        Assert.Equal(2, history.Value.Count);
        var connection = await Host.ReadAsync<CrmDbContext, CrmConnection>(db => db.Connections.SingleAsync(Ct));
        Assert.Null(connection.SyncCursor);
        Assert.NotNull(connection.SyncedThrough);
    }

    [Fact]
    public async Task Given_a_synced_contact_When_it_changes_in_HubSpot_Then_the_next_run_brings_the_change()
    {
        var contact = _hubSpot.AddContact("Grace", "Hopper", "grace@example.com", Start);
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        await CrmSync.RunAsync(Host.Services, id);
        var admin = await ApiClientAsync(Demo.Admin);
        var synced = await ClientByEmailAsync("grace@example.com");
        // Read once, so the client's page is cached when the change arrives.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/crm/clients/{synced.Id}", Ct)).StatusCode);
        await Task.Delay(20, Ct);
        _hubSpot.Contacts[long.Parse(contact, System.Globalization.CultureInfo.InvariantCulture)]["properties"]!["lastname"] = "Hopper-Murray";
        var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        _hubSpot.Contacts[long.Parse(contact, System.Globalization.CultureInfo.InvariantCulture)]["updatedAt"] = stamp;
        _hubSpot.Contacts[long.Parse(contact, System.Globalization.CultureInfo.InvariantCulture)]["properties"]!["lastmodifieddate"] = stamp;

        var next = await CrmSync.RunAsync(Host.Services, id);

        Assert.Equal((0, 1), (next.Created, next.Updated));
        var grace = await ClientByEmailAsync("grace@example.com");
        Assert.Equal(("Hopper-Murray", 1), (grace.LastName, grace.Version));
        var page = await (await admin.GetAsync($"/api/crm/clients/{synced.Id}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Hopper-Murray", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_synced_clients_When_agents_look_Then_only_the_mapped_owner_and_admins_see_them()
    {
        var contact = _hubSpot.AddContact("Alan", "Turing", "alan@example.com", Start);
        _hubSpot.Contacts[long.Parse(contact, System.Globalization.CultureInfo.InvariantCulture)]["properties"]!["hubspot_owner_id"] = ConnectionBuilder.JamiesHubSpotUser;
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        await CrmSync.RunAsync(Host.Services, id);
        var alan = await ClientByEmailAsync("alan@example.com");

        var jamie = await (await ApiClientAsync(Demo.JamieRivera)).GetAsync($"/api/crm/clients/{alan.Id}", Ct);
        var priya = await (await ApiClientAsync(Demo.PriyaShah)).GetAsync($"/api/crm/clients/{alan.Id}", Ct);
        var admin = await (await ApiClientAsync(Demo.Admin)).GetAsync($"/api/crm/clients/{alan.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, jamie.StatusCode);
        await priya.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Given_a_disabled_connection_When_sync_now_is_asked_Then_it_is_refused()
    {
        var builder = new ConnectionBuilder(_hubSpot);
        var id = await builder.SaveAsync(Host);
        var create = builder.ToCreate();
        await Host.SendAsync(
            new UpdateConnection.Command
            {
                ConnectionId = id, Name = create.Name, Kind = create.Kind, AuthMode = create.AuthMode, ApiUrl = create.ApiUrl,
                OwnerMap = create.OwnerMap, DefaultOwnerAgentId = create.DefaultOwnerAgentId, Enabled = false,
            },
            Demo.Admin);

        var refused = await Host.SendAsync(new SyncConnection.Command(id), Demo.Admin);
        var byAgent = await Host.SendAsync(new SyncConnection.Command(id), Demo.JamieRivera);

        Assert.Equal("crm.connection-disabled", refused.FirstError.Code);
        Assert.Equal("forbidden", byAgent.FirstError.Code);
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }

    private Task<Client> ClientByEmailAsync(string email) =>
        Host.ReadAsync<CrmDbContext, Client>(db => db.Clients.Include(c => c.Policies).SingleAsync(c => c.Email == email, Ct));
}
