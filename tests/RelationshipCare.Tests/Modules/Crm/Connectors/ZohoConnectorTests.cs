using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

public sealed class ZohoConnectorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ZohoFake _zoho = new();
    private readonly ConnectorTestHost _host = new();

    [Fact]
    public async Task Given_a_refresh_token_When_the_connection_is_tested_Then_it_signs_in_at_the_accounts_server_and_reads()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var check = await connector.TestAsync(TestContext.Current.CancellationToken);

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(1, _zoho.TokensIssued);
    }

    [Fact]
    public async Task Given_a_revoked_refresh_token_When_the_connection_is_tested_Then_it_says_an_admin_must_reconnect()
    {
        var settings = ConnectorTestHost.Zoho(_zoho) with { Credentials = new CrmCredentials { ClientId = "x", ClientSecret = "y", RefreshToken = "z" } };

        var check = await _host.Factory.Get(settings).TestAsync(TestContext.Current.CancellationToken);

        Assert.False(check.Succeeded);
        Assert.Contains("invalid_code", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_more_than_2000_contacts_When_listed_Then_page_is_used_to_2000_and_page_token_after()
    {
        for (var i = 0; i < 2_450; i++)
        {
            _zoho.AddContact($"F{i}", $"L{i}", $"p{i}@example.com", Start.AddSeconds(i));
        }

        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var clients = await ConnectorPaging.ReadAllAsync(connector, null);

        Assert.Equal(2_450, clients.Select(c => c.ExternalId).Distinct().Count());
        Assert.DoesNotContain(_zoho.Calls, c => c.Status >= 400);
        Assert.Equal(13, _zoho.CallsTo("/crm/v8/Contacts", "GET"));
        Assert.Equal(("Zylker", "+15551234567", "4150868000000225013"), (clients[0].Company, clients[0].Phone, clients[0].OwnerExternalId));
    }

    [Fact]
    public async Task Given_a_date_When_changes_are_listed_Then_only_later_changes_come()
    {
        for (var i = 0; i < 5; i++)
        {
            _zoho.AddContact($"F{i}", $"L{i}", $"p{i}@example.com", Start.AddDays(i));
        }

        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var clients = await ConnectorPaging.ReadAllAsync(connector, Start.AddDays(3));

        Assert.Equal(["L3", "L4"], clients.Select(c => c.LastName));
    }

    [Fact]
    public async Task Given_nothing_changed_When_listed_Then_the_204_reads_as_an_empty_last_page()
    {
        _zoho.AddContact("F", "L", "p@example.com", Start);
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var page = await connector.ListChangedAsync(Start.AddYears(1), null, TestContext.Current.CancellationToken);

        Assert.Empty(page.Clients);
        Assert.Null(page.NextCursor);
        Assert.Equal(204, _zoho.Calls.Last().Status);
    }

    [Fact]
    public async Task Given_a_new_client_When_the_same_write_is_sent_twice_Then_the_duplicate_check_keeps_one_record()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));
        var client = ClientBuilder.New().Build();

        var first = await connector.UpsertClientAsync(client, TestContext.Current.CancellationToken);
        var second = await connector.UpsertClientAsync(client with { Email = "JANE.SMITH@acmetech.com" }, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Single(_zoho.Contacts);
        var stored = await connector.GetClientAsync(first, TestContext.Current.CancellationToken);
        Assert.Equal(("Smith", "+14155550100", new DateOnly(1984, 3, 12)), (stored?.LastName, stored?.Phone, stored?.Birthdate));
    }

    [Fact]
    public async Task Given_a_new_client_without_duplicate_check_values_When_written_Then_it_is_refused_before_reaching_zoho()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        await Assert.ThrowsAsync<CrmRejectedException>(() =>
            connector.UpsertClientAsync(ClientBuilder.New().WithEmail(null).Build(), TestContext.Current.CancellationToken));

        Assert.Empty(_zoho.Calls);
    }

    [Fact]
    public async Task Given_an_invalid_email_When_zoho_refuses_it_Then_the_field_error_names_the_platform_field()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        var refused = await Assert.ThrowsAsync<CrmRejectedException>(() =>
            connector.UpsertClientAsync(ClientBuilder.New().WithEmail("nope").Build(), TestContext.Current.CancellationToken));

        Assert.Contains("Email", refused.FieldErrors.Keys);
    }

    [Fact]
    public async Task Given_an_expired_token_When_a_call_is_made_Then_it_is_refreshed_once_and_the_call_succeeds()
    {
        var id = _zoho.AddContact("F", "L", "p@example.com", Start);
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));
        await connector.TestAsync(TestContext.Current.CancellationToken);
        _zoho.ExpireTokens();

        var client = await connector.GetClientAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal("L", client?.LastName);
        Assert.Equal(2, _zoho.TokensIssued);
    }

    [Fact]
    public async Task Given_credits_run_low_When_calls_go_on_Then_the_remaining_credits_calibrate_the_limiter_before_zoho_refuses()
    {
        _zoho.Credits = 4;
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));
        await connector.TestAsync(TestContext.Current.CancellationToken);
        await connector.TestAsync(TestContext.Current.CancellationToken);

        Assert.Equal(50_000 - 2, connector.LastQuota?.Used);

        await connector.TestAsync(TestContext.Current.CancellationToken);
        await connector.TestAsync(TestContext.Current.CancellationToken);
        var calls = _zoho.Calls.Count;
        var refused = await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));
        Assert.Equal(calls, _zoho.Calls.Count);
        Assert.NotNull(refused.RetryAfter);
        Assert.DoesNotContain(_zoho.Calls, c => c.Status == 429);
    }

    [Fact]
    public async Task Given_the_credits_are_spent_When_a_call_is_made_Then_the_429_is_unavailable_and_not_retried()
    {
        _zoho.Credits = 0;
        var connector = _host.Factory.Get(ConnectorTestHost.Zoho(_zoho));

        await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));

        Assert.Equal(1, _zoho.CallsTo("/crm/v8/"));
        Assert.Equal(429, _zoho.Calls.Last().Status);
    }

    public void Dispose()
    {
        _host.Dispose();
        _zoho.Dispose();
    }
}
