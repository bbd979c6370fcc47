using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>A record deleted in the CRM: its client is kept (with notes) but marked as removed, and a restore brings it back.</summary>
[Collection(HostCollection.Name)]
public sealed class CrmDeletionSyncTests(HostFixture host) : HostTest(host)
{
    private readonly HubSpotFake _hubSpot = new();
    private string _adaContact = "";
    private Guid _connectionId;
    private Guid _adaId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _adaContact = _hubSpot.AddContact("Ada", "Lovelace", "ada@example.com", DateTimeOffset.UtcNow.AddDays(-2));
        _hubSpot.Contacts[long.Parse(_adaContact, CultureInfo.InvariantCulture)]["properties"]!["hubspot_owner_id"] = ConnectionBuilder.JamiesHubSpotUser;
        _hubSpot.AddContact("Grace", "Hopper", "grace@example.com", DateTimeOffset.UtcNow.AddDays(-2));
        _connectionId = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        await CrmSync.RunAsync(Host.Services, _connectionId);
        _adaId = (await AdaAsync()).Id;
    }

    [Fact]
    public async Task Given_a_synced_client_with_a_note_and_a_waiting_write_When_HubSpot_archives_it_Then_the_client_stays_marked_removed_without_its_external_id_or_write()
    {
        var note = await Host.SendAsync(new AddClientNote.Command("Prefers calls after 5pm.") { ClientId = _adaId }, Demo.JamieRivera);
        Assert.False(note.IsError);
        await AddWaitingWriteAsync();
        _hubSpot.ArchiveContact(_adaContact, DateTimeOffset.UtcNow.AddSeconds(-1));

        var run = await CrmSync.RunAsync(Host.Services, _connectionId);

        Assert.Equal((1, 0, 0, null), (run.Removed, run.Created, run.Updated, run.Error));
        var ada = await AdaAsync();
        Assert.NotNull(ada.RemovedFromCrmAt);
        Assert.Equal((_connectionId, _adaContact, (Guid?)null), (ada.RemovedByConnectionId, ada.RemovedExternalId, ada.SourceConnectionId));
        Assert.Empty(await Host.ReadAsync<CrmDbContext, List<ClientExternalId>>(db => db.ExternalIds.Where(e => e.ClientId == _adaId).ToListAsync(Ct)));
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
        var details = await Host.SendAsync(new GetClient.Query(_adaId), Demo.JamieRivera);
        Assert.Equal("Prefers calls after 5pm.", Assert.Single(details.Value.Notes).Text);
        Assert.Equal((_connectionId, "HubSpot – main office"), (details.Value.RemovedFromCrm?.ConnectionId, details.Value.RemovedFromCrm?.ConnectionName));
        var history = await Host.SendAsync(new ListSyncRuns.Query(_connectionId), Demo.Admin);
        Assert.Equal(1, history.Value[0].Removed);
    }

    [Fact]
    public async Task Given_a_client_removed_from_its_CRM_When_My_clients_is_listed_Then_it_is_hidden_unless_the_removed_filter_asks_for_it()
    {
        _hubSpot.ArchiveContact(_adaContact, DateTimeOffset.UtcNow.AddSeconds(-1));
        await CrmSync.RunAsync(Host.Services, _connectionId);
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var working = await Host.SendAsync(new ListClients.Query(Search: "Lovelace"), Demo.JamieRivera);
        var removed = await Host.SendAsync(new ListClients.Query(Search: "Lovelace", RemovedFromCrm: true), Demo.JamieRivera);
        using var byApi = JsonDocument.Parse(await jamie.GetStringAsync("/api/crm/clients?removedFromCrm=true", Ct));
        var priyas = await Host.SendAsync(new ListClients.Query(RemovedFromCrm: true), Demo.PriyaShah);

        Assert.Empty(working.Value.Items);
        Assert.Equal(_adaId, Assert.Single(removed.Value.Items).Id);
        Assert.NotNull(removed.Value.Items[0].RemovedFromCrmAt);
        Assert.Equal(_adaId, Assert.Single(byApi.RootElement.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        // Visibility still decides: Grace (Priya's) is live, and Ada is not Priya's to see.
        Assert.Empty(priyas.Value.Items);
        var page = await jamie.GetAsync($"/api/crm/clients/{_adaId}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Given_a_removal_applied_When_the_sync_runs_again_Then_nothing_changes()
    {
        _hubSpot.ArchiveContact(_adaContact, DateTimeOffset.UtcNow.AddSeconds(-1));
        await CrmSync.RunAsync(Host.Services, _connectionId);
        var before = await AdaAsync();

        var again = await CrmSync.RunAsync(Host.Services, _connectionId);

        Assert.Equal((0, 0, 0, null), (again.Removed, again.Created, again.Updated, again.Error));
        var after = await AdaAsync();
        Assert.Equal((before.Version, before.RemovedFromCrmAt), (after.Version, after.RemovedFromCrmAt));
    }

    [Fact]
    public async Task Given_a_client_removed_from_its_CRM_When_the_record_is_restored_there_Then_the_next_sync_brings_the_same_client_back_with_its_notes()
    {
        await Host.SendAsync(new AddClientNote.Command("Renewal call booked.") { ClientId = _adaId }, Demo.JamieRivera);
        _hubSpot.ArchiveContact(_adaContact, DateTimeOffset.UtcNow.AddSeconds(-1));
        await CrmSync.RunAsync(Host.Services, _connectionId);
        await Task.Delay(20, Ct);
        _hubSpot.RestoreContact(_adaContact, DateTimeOffset.UtcNow);

        var run = await CrmSync.RunAsync(Host.Services, _connectionId);

        Assert.Equal((0, 1, 0), (run.Created, run.Updated, run.Removed));
        var ada = await AdaAsync();
        Assert.Equal(_adaId, ada.Id);
        Assert.Null(ada.RemovedFromCrmAt);
        Assert.Equal((_connectionId, (Guid?)null, (string?)null), (ada.SourceConnectionId, ada.RemovedByConnectionId, ada.RemovedExternalId));
        var link = await Host.ReadAsync<CrmDbContext, ClientExternalId>(db => db.ExternalIds.SingleAsync(e => e.ClientId == _adaId, Ct));
        Assert.Equal(_adaContact, link.ExternalId);
        var listed = await Host.SendAsync(new ListClients.Query(Search: "Lovelace"), Demo.JamieRivera);
        Assert.Equal(_adaId, Assert.Single(listed.Value.Items).Id);
        var details = await Host.SendAsync(new GetClient.Query(_adaId), Demo.JamieRivera);
        Assert.Null(details.Value.RemovedFromCrm);
        Assert.Equal("Renewal call booked.", Assert.Single(details.Value.Notes).Text);
    }

    [Fact]
    public async Task Given_a_client_removed_from_its_CRM_When_an_agent_edits_it_Then_no_write_is_queued_for_the_deleted_record()
    {
        _hubSpot.ArchiveContact(_adaContact, DateTimeOffset.UtcNow.AddSeconds(-1));
        await CrmSync.RunAsync(Host.Services, _connectionId);
        var ada = await AdaAsync();

        var saved = await Host.SendAsync(
            new UpdateClient.Command
            {
                ClientId = ada.Id, Version = ada.Version, FirstName = ada.FirstName, LastName = ada.LastName, Email = ada.Email, Phone = "+14155550199",
            },
            Demo.JamieRivera);

        Assert.False(saved.IsError, string.Join("; ", saved.ErrorsOrEmptyList.Select(e => e.Description)));
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
        await CrmSync.DeliverAsync(Host.Services);
        Assert.DoesNotContain(_hubSpot.Calls, c => c.Method is "POST" or "PATCH" && (c.Path == "/crm/v3/objects/contacts" || c.Path.EndsWith(_adaContact, StringComparison.Ordinal)));
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }

    /// <summary>An edit of Ada's waiting for delivery (its next attempt an hour away, so no job server takes it meanwhile).</summary>
    private Task AddWaitingWriteAsync() =>
        Host.ReadAsync<CrmDbContext, int>(db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.PendingWrites.Add(new PendingWrite
            {
                Id = Guid.CreateVersion7(), ClientId = _adaId, ConnectionId = _connectionId, Status = PendingWriteStatus.Pending,
                NextAttemptAt = now.AddHours(1), CreatedAt = now, UpdatedAt = now,
            });
            return db.SaveChangesAsync(Ct);
        });

    private Task<Client> AdaAsync() =>
        Host.ReadAsync<CrmDbContext, Client>(db => db.Clients.AsNoTracking().SingleAsync(c => c.Email == "ada@example.com", Ct));
}
