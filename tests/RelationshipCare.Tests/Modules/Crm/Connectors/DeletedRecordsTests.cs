using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>Each connector's listing of the records its CRM deleted, against the fakes' documented endpoints.</summary>
public sealed class DeletedRecordsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly ConnectorTestHost _host = new();
    private readonly SalesforceFake _salesforce = new();
    private readonly HubSpotFake _hubSpot = new();
    private readonly ZohoFake _zoho = new();

    [Fact]
    public async Task Given_contacts_deleted_in_Salesforce_When_deletions_are_listed_Then_those_in_the_span_come_with_their_dates_and_the_date_covered()
    {
        var kept = _salesforce.AddContact("Kept", "Alive", Now.AddDays(-3));
        var gone = _salesforce.AddContact("Gone", "Recently", Now.AddDays(-3));
        var old = _salesforce.AddContact("Gone", "Long ago", Now.AddDays(-3));
        _salesforce.DeleteContact(gone, Now.AddHours(-2));
        _salesforce.DeleteContact(old, Now.AddDays(-2));
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var (deletions, pages, covered) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-1), Now);

        var deletion = Assert.Single(deletions);
        Assert.Equal(gone, deletion.ExternalId);
        Assert.Equal(Now.AddHours(-2).ToUnixTimeSeconds(), deletion.DeletedAt.ToUnixTimeSeconds());
        Assert.Equal(1, pages);
        // Salesforce ignores seconds: it covers up to the end date's minute, where the next listing starts.
        Assert.NotNull(covered);
        Assert.InRange(covered.Value, Now.AddMinutes(-1), Now);
        Assert.DoesNotContain(deletions, d => d.ExternalId == kept);
        Assert.Equal(1, _salesforce.CallsTo("/services/data/v66.0/sobjects/Contact/deleted/", "GET"));
    }

    [Fact]
    public async Task Given_a_last_sync_older_than_Salesforce_keeps_deletions_When_listed_Then_the_start_is_moved_into_its_window_rather_than_refused()
    {
        var gone = _salesforce.AddContact("Gone", "Yesterday", Now.AddDays(-40));
        _salesforce.DeleteContact(gone, Now.AddDays(-1));
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var (deletions, _, _) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-45), Now);

        Assert.Equal(gone, Assert.Single(deletions).ExternalId);
        Assert.All(_salesforce.Calls.Where(c => c.Path.Contains("/deleted/", StringComparison.Ordinal)), c => Assert.Equal(200, c.Status));
    }

    [Fact]
    public async Task Given_nothing_deleted_in_Salesforce_When_listed_Then_the_answer_is_empty()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var (deletions, pages, _) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddHours(-1), Now);

        Assert.Empty(deletions);
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task Given_archived_HubSpot_contacts_over_several_pages_When_listed_Then_the_after_cursor_is_followed_and_only_those_archived_in_the_span_come()
    {
        var ids = Enumerable.Range(0, 250).Select(i => _hubSpot.AddContact($"F{i}", $"L{i}", $"p{i}@example.com", Now.AddDays(-10))).ToList();
        _hubSpot.AddContact("Still", "Here", "here@example.com", Now.AddDays(-10));
        for (var i = 0; i < ids.Count; i++)
        {
            // Every fifth one was archived before the span starts (an earlier sync applied it already).
            _hubSpot.ArchiveContact(ids[i], i % 5 == 0 ? Now.AddDays(-5) : Now.AddMinutes(-i));
        }

        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var (deletions, pages, covered) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-1), Now);

        Assert.Equal(200, deletions.Count);
        Assert.Equal(3, pages);
        Assert.Null(covered);
        Assert.Equal(ids.Where((_, i) => i % 5 != 0).Order(), deletions.Select(d => d.ExternalId).Order());
        Assert.Equal(Now.AddMinutes(-1).ToUnixTimeMilliseconds(), deletions.Single(d => d.ExternalId == ids[1]).DeletedAt.ToUnixTimeMilliseconds());
        Assert.Equal(3, _hubSpot.CallsTo("/crm/v3/objects/contacts", "GET"));
    }

    [Fact]
    public async Task Given_nothing_archived_in_HubSpot_When_listed_Then_one_empty_page_answers()
    {
        _hubSpot.AddContact("Still", "Here", "here@example.com", Now.AddDays(-10));
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var (deletions, pages, _) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-1), Now);

        Assert.Empty(deletions);
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task Given_Zoho_contacts_in_the_recycle_bin_and_deleted_for_good_When_listed_Then_both_come_page_by_page()
    {
        var ids = Enumerable.Range(0, 450).Select(i => _zoho.AddContact($"F{i}", $"L{i}", $"p{i}@example.com", Now.AddDays(-10))).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            _zoho.DeleteContact(ids[i], Now.AddMinutes(-i - 1), permanently: i % 2 == 0);
        }

        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var (deletions, pages, _) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-1), Now);

        Assert.Equal(450, deletions.Count);
        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(), deletions.Select(d => d.ExternalId).Order());
        Assert.Equal(Now.AddMinutes(-5).ToUnixTimeSeconds(), deletions.Single(d => d.ExternalId == ids[4]).DeletedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Given_Zoho_deletions_before_the_span_only_When_listed_Then_its_204_reads_as_no_deletions()
    {
        var id = _zoho.AddContact("Gone", "Long ago", "gone@example.com", Now.AddDays(-10));
        _zoho.DeleteContact(id, Now.AddDays(-3));
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var (deletions, pages, _) = await ConnectorPaging.ReadDeletedAsync(connector, Now.AddDays(-1), Now);

        Assert.Empty(deletions);
        Assert.Equal(1, pages);
        Assert.Contains(_zoho.Calls, c => c.Path == "/crm/v8/Contacts/deleted" && c.Status == 204);
    }

    [Fact]
    public async Task Given_a_cursor_another_connector_made_When_deletions_are_listed_Then_it_is_refused_so_the_sync_starts_again()
    {
        var hubSpot = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));
        var zoho = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        await Assert.ThrowsAsync<CrmRejectedException>(() => hubSpot.ListDeletedAsync(Now.AddDays(-1), Now, "deleted~2", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<CrmRejectedException>(() => zoho.ListDeletedAsync(Now.AddDays(-1), Now, "archived:5000", TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _host.Dispose();
        _salesforce.Dispose();
        _hubSpot.Dispose();
        _zoho.Dispose();
    }
}
