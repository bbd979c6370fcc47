using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>A client created "kept in" a CRM connection: saved here with a pending write that creates it there, once.</summary>
[Collection(HostCollection.Name)]
public sealed class CreateClientInCrmTests(HostFixture host) : HostTest(host)
{
    private readonly HubSpotFake _hubSpot = new();
    private Guid _connectionId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _connectionId = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
    }

    [Fact]
    public async Task Given_HubSpot_is_down_then_loses_the_answer_to_the_create_When_delivery_is_retried_Then_the_client_is_created_there_once_and_the_360_shows_pending_then_delivered()
    {
        _hubSpot.FailNext(10_000, 503);
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var create = new ClientBuilder
        {
            Email = "lin.chen@example.com", ConnectionId = _connectionId, CustomFields = null, Policies = [ClientBuilder.Policy("LIF-800001", new DateOnly(2031, 2, 1))],
        };

        var response = await jamie.PostAsJsonAsync("/api/crm/clients", create.ToCreate(), TestJson.Options, Ct);

        var client = await response.ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.Created);
        Assert.Equal((CrmKind.HubSpot, _connectionId), (client.Source, client.SourceConnectionId));
        await CrmSync.DeliverAsync(Host.Services);
        var pending = await (await jamie.GetAsync($"/api/crm/clients/{client.Id}/sync-state", Ct)).ShouldBeAsync<List<GetClientSyncStates.SyncState>>(HttpStatusCode.OK);
        Assert.True(Assert.Single(pending).Status == PendingWriteStatus.Pending, pending[0].Reason);
        Assert.Empty(_hubSpot.Contacts);

        // HubSpot is back, but every answer to the first create is lost after the contact was saved.
        _hubSpot.FailNext(0);
        _hubSpot.LoseAnswers(r => r.Method == "POST" && r.Path == "/crm/v3/objects/contacts", count: 3);
        await CrmSync.MakeWritesDueAsync(Host.Services);
        await CrmSync.DeliverAsync(Host.Services);
        await CrmSync.MakeWritesDueAsync(Host.Services);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return (await CrmSync.WritesAsync(Host.Services)).Count == 0;
        }, "the write was delivered");

        var contact = Assert.Single(_hubSpot.Contacts.Values);
        Assert.Equal("lin.chen@example.com", contact["properties"]!["email"]!.GetValue<string>());
        var delivered = await (await jamie.GetAsync($"/api/crm/clients/{client.Id}/sync-state", Ct)).ShouldBeAsync<List<GetClientSyncStates.SyncState>>(HttpStatusCode.OK);
        Assert.Empty(delivered);
        var shown = (await Host.SendAsync(new GetClient.Query(client.Id), Demo.JamieRivera)).Value;
        Assert.Equal(contact["id"]!.GetValue<string>(), Assert.Single(shown.ExternalIds));
        var policy = Assert.Single(_hubSpot.Policies.Values);
        Assert.Equal("LIF-800001", policy["properties"]!["policy_number"]!.GetValue<string>());
        Assert.Contains(policy["id"]!.GetValue<string>(), _hubSpot.Associations[contact["id"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task Given_HubSpot_lost_the_answer_to_a_create_When_a_sync_reads_the_new_contact_before_the_retry_Then_it_is_linked_not_imported_twice()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        await CrmSync.RunAsync(Host.Services, _connectionId);
        _hubSpot.LoseAnswers(r => r.Method == "POST" && r.Path.StartsWith("/crm/v3/objects/contacts", StringComparison.Ordinal), count: 1_000);
        var create = new ClientBuilder { Email = "Ada.Novak@Example.com", ConnectionId = _connectionId, CustomFields = null };
        var client = await (await jamie.PostAsJsonAsync("/api/crm/clients", create.ToCreate(), TestJson.Options, Ct)).ShouldBeAsync<GetClient.ClientDetails>(HttpStatusCode.Created);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return _hubSpot.Contacts.Count == 1 && (await CrmSync.WritesAsync(Host.Services)) is [{ Attempts: > 0 }];
        }, "HubSpot made the contact and the write waits, its answer lost");
        var contact = Assert.Single(_hubSpot.Contacts.Values);

        await CrmSync.RunAsync(Host.Services, _connectionId);
        _hubSpot.LoseAnswers(_ => false, count: 0);
        await CrmSync.MakeWritesDueAsync(Host.Services);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return (await CrmSync.WritesAsync(Host.Services)).Count == 0;
        }, "the retried write was delivered");

        Assert.Single(_hubSpot.Contacts.Values);
        var clients = await Host.ReadAsync<CrmDbContext, List<Guid>>(db => db.Clients.Where(c => c.Email == "ada.novak@example.com").Select(c => c.Id).ToListAsync(Ct));
        Assert.Equal(client.Id, Assert.Single(clients));
        var shown = (await Host.SendAsync(new GetClient.Query(client.Id), Demo.JamieRivera)).Value;
        Assert.Equal(contact["id"]!.GetValue<string>(), Assert.Single(shown.ExternalIds));
    }

    [Fact]
    public async Task Given_a_HubSpot_connection_When_creating_a_client_without_an_email_or_with_an_unmapped_custom_field_Then_each_is_refused_with_a_field_error()
    {
        var result = await Host.SendAsync(new ClientBuilder { Email = null, ConnectionId = _connectionId }.ToCreate(), Demo.JamieRivera);

        Assert.Equal(["Email", "CustomFields.referral_source"], result.Errors.Select(e => e.Code));
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
    }

    [Fact]
    public async Task Given_a_disabled_or_unknown_connection_When_creating_a_client_in_it_Then_it_is_refused_on_ConnectionId()
    {
        await Host.ReadAsync<CrmDbContext, int>(db => db.Connections.Where(c => c.Id == _connectionId).ExecuteUpdateAsync(set => set.SetProperty(c => c.Enabled, false), Ct));
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var disabled = await jamie.PostAsJsonAsync("/api/crm/clients", new ClientBuilder { ConnectionId = _connectionId }.ToCreate(), TestJson.Options, Ct);
        var unknown = await jamie.PostAsJsonAsync("/api/crm/clients", new ClientBuilder { ConnectionId = Guid.NewGuid() }.ToCreate(), TestJson.Options, Ct);

        await disabled.ShouldBeValidationProblemAsync("connectionId");
        await unknown.ShouldBeValidationProblemAsync("connectionId");
    }

    [Fact]
    public async Task Given_an_enabled_connection_When_an_agent_lists_where_clients_may_be_kept_Then_it_is_there_with_what_it_needs()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var stores = await (await jamie.GetAsync("/api/crm/client-stores", Ct)).ShouldBeAsync<List<ListClientStores.ClientStore>>(HttpStatusCode.OK);

        var hubSpot = Assert.Single(stores);
        Assert.Equal((_connectionId, CrmKind.HubSpot, true, true, false), (hubSpot.ConnectionId, hubSpot.Kind, hubSpot.WritesPolicies, hubSpot.NeedsEmail, hubSpot.PoliciesNeedCompany));
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }
}
