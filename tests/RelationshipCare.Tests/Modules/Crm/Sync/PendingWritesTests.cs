using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

[Collection(HostCollection.Name)]
public sealed class PendingWritesTests(HostFixture host) : HostTest(host)
{
    private readonly HubSpotFake _hubSpot = new();
    private string _contactId = "";
    private Guid _connectionId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _contactId = _hubSpot.AddContact("Ada", "Lovelace", "ada@example.com", DateTimeOffset.UtcNow.AddDays(-1));
        _hubSpot.Contacts[ContactKey]["properties"]!["hubspot_owner_id"] = ConnectionBuilder.JamiesHubSpotUser;
        _connectionId = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        await CrmSync.RunAsync(Host.Services, _connectionId);
    }

    private long ContactKey => long.Parse(_contactId, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Given_HubSpot_answers_503_When_an_agent_edits_a_synced_client_Then_the_edit_is_saved_pending_and_delivered_once_HubSpot_recovers()
    {
        var ada = await AdaAsync();
        _hubSpot.FailNext(10_000, 503);

        var saved = await Host.SendAsync(new ClientEdit(ada).WithPhone("+14155550123").ToUpdate(), Demo.JamieRivera);

        Assert.False(saved.IsError);
        await CrmSync.DeliverAsync(Host.Services);
        await Eventually.HoldsAsync(async () => (await CrmSync.WritesAsync(Host.Services)).SingleOrDefault() is { Attempts: > 0, LastError: not null }, "the first delivery failed");
        var pending = Assert.Single(await CrmSync.WritesAsync(Host.Services));
        Assert.Equal(PendingWriteStatus.Pending, pending.Status);
        Assert.True(pending.NextAttemptAt > DateTimeOffset.UtcNow, "the write waits before its next attempt");
        var shown = await Host.SendAsync(new GetClientSyncStates.Query([ada.Id]), Demo.JamieRivera);
        Assert.Equal(("HubSpot – main office", PendingWriteStatus.Pending), (Assert.Single(shown.Value).ConnectionName, shown.Value[0].Status));

        _hubSpot.FailNext(0);
        await CrmSync.MakeWritesDueAsync(Host.Services);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return (await CrmSync.WritesAsync(Host.Services)).Count == 0;
        }, "the write was delivered");

        Assert.Equal("+14155550123", _hubSpot.Contacts[ContactKey]["properties"]!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_a_synced_client_When_an_agent_sets_a_custom_field_the_connection_does_not_map_Then_it_is_refused_now_and_nothing_is_queued()
    {
        var ada = await AdaAsync();

        var saved = await Host.SendAsync(new ClientEdit(ada).WithCustomField("referral_source", "Website").ToUpdate(), Demo.JamieRivera);

        Assert.Equal(("CustomFields.referral_source", ErrorOr.ErrorType.Validation), (saved.FirstError.Code, saved.FirstError.Type));
        Assert.Contains("HubSpot – main office has no field for this", saved.FirstError.Description, StringComparison.Ordinal);
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
        Assert.Equal(ada.Version, (await AdaAsync()).Version);
    }

    [Fact]
    public async Task Given_an_edit_whose_waiting_write_is_delivered_while_it_saves_When_it_commits_Then_it_runs_again_and_is_saved_with_a_new_write()
    {
        var ada = await AdaAsync();
        _hubSpot.FailNext(10_000, 503);
        Assert.False((await Host.SendAsync(new ClientEdit(ada).WithPhone("+14155550123").ToUpdate(), Demo.JamieRivera)).IsError);
        await using var scope = await Host.ScopeActingAsAsync(Demo.JamieRivera);
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Web.Modules.Crm.ClientOutbox>();
        var runs = 0;

        // As an edit command runs (IRetriedOnConflict): the first run's waiting write is delivered, and its row removed, before it saves.
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async ct =>
        {
            var client = await db.Clients.SingleAsync(c => c.Id == ada.Id, ct);
            client.Company = "Analytical Engines";
            await outbox.AddAsync(client, ct);
            if (++runs == 1)
            {
                await Host.ReadAsync<CrmDbContext, int>(other => other.PendingWrites.Where(w => w.ClientId == ada.Id).ExecuteDeleteAsync(Ct));
            }

            return true;
        }, static saved => saved, attempts: 3, Ct);

        Assert.Equal(2, runs);
        Assert.Equal("Analytical Engines", (await AdaAsync()).Company);
        Assert.Equal(PendingWriteStatus.Pending, Assert.Single(await CrmSync.WritesAsync(Host.Services)).Status);
    }

    [Fact]
    public async Task Given_a_write_pending_when_the_host_stops_When_another_host_on_the_same_database_runs_the_delivery_Then_it_is_delivered()
    {
        var ada = await AdaAsync();
        _hubSpot.FailNext(10_000, 503);
        await Host.SendAsync(new ClientEdit(ada).WithPhone("+14155550188").ToUpdate(), Demo.JamieRivera);
        await CrmSync.DeliverAsync(Host.Services);
        await Eventually.HoldsAsync(async () => (await CrmSync.WritesAsync(Host.Services)).SingleOrDefault() is { Attempts: > 0 }, "the first delivery failed");

        _hubSpot.FailNext(0);
        await using var restarted = Host.CreateVariant(new Dictionary<string, string>());
        await CrmSync.MakeWritesDueAsync(restarted.Services);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(restarted.Services);
            return (await CrmSync.WritesAsync(restarted.Services)).Count == 0;
        }, "the restarted host delivered the write");

        Assert.Equal("+14155550188", _hubSpot.Contacts[ContactKey]["properties"]!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_HubSpot_refuses_the_data_When_delivered_Then_the_write_fails_with_the_reason_the_agent_sees_and_the_edit_is_kept()
    {
        var ada = await AdaAsync();
        _hubSpot.FailNext(1, 400);

        await Host.SendAsync(new ClientEdit(ada).WithPhone("+14155550177").ToUpdate(), Demo.JamieRivera);
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return (await CrmSync.WritesAsync(Host.Services)).SingleOrDefault() is { Status: PendingWriteStatus.Failed };
        }, "the write failed");

        var jamie = await ApiClientAsync(Demo.JamieRivera);
        var state = await (await jamie.GetAsync($"/api/crm/clients/{ada.Id}/sync-state", Ct)).ShouldBeAsync<List<GetClientSyncStates.SyncState>>(HttpStatusCode.OK);
        Assert.Equal(PendingWriteStatus.Failed, Assert.Single(state).Status);
        Assert.False(string.IsNullOrWhiteSpace(state[0].Reason));
        Assert.Equal("+14155550177", (await AdaAsync()).Phone);
        var priya = await ApiClientAsync(Demo.PriyaShah);
        await (await priya.GetAsync($"/api/crm/clients/{ada.Id}/sync-state", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_change_waiting_for_delivery_When_the_sync_reads_the_older_record_Then_the_agents_change_is_kept()
    {
        var ada = await AdaAsync();
        _hubSpot.FailNext(10_000, 503);
        await Host.SendAsync(new ClientEdit(ada).WithPhone("+14155550166").ToUpdate(), Demo.JamieRivera);
        _hubSpot.FailNext(0);
        _hubSpot.Contacts[ContactKey]["updatedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        var run = await CrmSync.RunAsync(Host.Services, _connectionId);

        Assert.True(run.Skipped + run.Updated <= 1);
        Assert.Equal("+14155550166", (await AdaAsync()).Phone);
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }

    private Task<Client> AdaAsync() =>
        Host.ReadAsync<CrmDbContext, Client>(db => db.Clients.AsNoTracking().Include(c => c.Policies).SingleAsync(c => c.Email == "ada@example.com", Ct));

    /// <summary>The client's current values as an edit, with one field changed.</summary>
    private sealed record ClientEdit(Client Client)
    {
        private string? Phone { get; init; } = Client.Phone;

        private IReadOnlyDictionary<string, string?> CustomFields { get; init; } = Client.CustomFields;

        public ClientEdit WithPhone(string phone) => this with { Phone = phone };

        public ClientEdit WithCustomField(string key, string value) => this with { CustomFields = new Dictionary<string, string?>(CustomFields) { [key] = value } };

        public UpdateClient.Command ToUpdate() => new()
        {
            ClientId = Client.Id,
            Version = Client.Version,
            FirstName = Client.FirstName,
            LastName = Client.LastName,
            Email = Client.Email,
            Phone = Phone,
            Company = Client.Company,
            CustomFields = CustomFields,
        };
    }
}
