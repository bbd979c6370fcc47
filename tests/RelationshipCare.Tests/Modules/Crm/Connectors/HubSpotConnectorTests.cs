using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

public sealed class HubSpotConnectorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly HubSpotFake _hubSpot = new();
    private readonly ConnectorTestHost _host = new();

    [Theory]
    [InlineData(nameof(CrmAuthMode.PrivateAppToken))]
    [InlineData(nameof(CrmAuthMode.OAuthRefreshToken))]
    public async Task Given_an_app_When_the_connection_is_tested_Then_it_reads_and_reports_the_daily_quota(string authMode)
    {
        var mode = Enum.Parse<CrmAuthMode>(authMode);
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot, mode));

        var check = await connector.TestAsync(TestContext.Current.CancellationToken);

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal((1L, 650_000L), (check.Quota?.Used, check.Quota?.Limit));
        Assert.Equal(mode == CrmAuthMode.OAuthRefreshToken ? 1 : 0, _hubSpot.CallsTo("/oauth/v1/token"));
    }

    [Fact]
    public async Task Given_contacts_with_policies_When_all_are_listed_Then_the_after_cursor_is_followed_to_the_end()
    {
        for (var i = 0; i < 250; i++)
        {
            _hubSpot.AddContact($"First{i}", $"Last{i}", $"person{i}@example.com", Start.AddMinutes(i));
        }

        _hubSpot.AddPolicy("5000", "AUTO-1");
        _hubSpot.AddPolicy("5000", "HOME-2");
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var clients = await ConnectorPaging.ReadAllAsync(connector, null);

        Assert.Equal(250, clients.Select(c => c.ExternalId).Distinct().Count());
        Assert.Equal(3, _hubSpot.CallsTo("/crm/v3/objects/contacts", "GET"));
        var first = clients.Single(c => c.ExternalId == "5000");
        Assert.Equal(["AUTO-1", "HOME-2"], first.Policies.Select(p => p.Number).Order());
        Assert.Equal(("+15551234567", "person0@example.com", "Acme Corporation"), (first.Phone, first.Email, first.Company));
        Assert.Equal(1200.50m, first.Policies[0].Premium);
    }

    [Fact]
    public async Task Given_more_changes_than_the_search_cap_When_listed_since_a_date_Then_the_search_narrows_by_date_and_reads_them_all()
    {
        for (var i = 0; i < 10_250; i++)
        {
            _hubSpot.AddContact("F", $"L{i}", $"p{i}@example.com", Start.AddSeconds(i));
        }

        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot) with { PolicyObjectType = null });

        var clients = await ConnectorPaging.ReadAllAsync(connector, Start.AddSeconds(100));

        Assert.Equal(10_150, clients.Select(c => c.ExternalId).Distinct().Count());
        Assert.DoesNotContain(_hubSpot.Calls, c => c.Status == 400);
    }

    [Fact]
    public async Task Given_a_contact_created_once_When_the_same_create_is_retried_Then_the_existing_contact_is_updated_not_duplicated()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));
        var client = ClientBuilder.New().WithCompany("Acme").Build();

        var first = await connector.UpsertClientAsync(client, TestContext.Current.CancellationToken);
        var second = await connector.UpsertClientAsync(client with { LastName = "Smith-Jones" }, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        var stored = await connector.GetClientAsync(first, TestContext.Current.CancellationToken);
        Assert.Equal("Smith-Jones", stored?.LastName);
        Assert.Single(_hubSpot.Contacts);
    }

    [Fact]
    public async Task Given_a_new_client_without_email_When_written_Then_it_is_refused_before_reaching_hubspot()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var refused = await Assert.ThrowsAsync<CrmRejectedException>(() =>
            connector.UpsertClientAsync(ClientBuilder.New().WithEmail(null).Build(), TestContext.Current.CancellationToken));

        Assert.Contains("Email", refused.FieldErrors.Keys);
        Assert.Empty(_hubSpot.Calls);
    }

    [Fact]
    public async Task Given_an_invalid_value_When_hubspot_refuses_it_Then_the_field_error_names_the_platform_field()
    {
        var id = _hubSpot.AddContact("Jane", "Smith", "jane@example.com", Start);
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var refused = await Assert.ThrowsAsync<CrmRejectedException>(() =>
            connector.UpsertClientAsync(ClientBuilder.New().WithExternalId(id).WithEmail("not-an-email").Build(), TestContext.Current.CancellationToken));

        Assert.Contains("Email", refused.FieldErrors.Keys);
    }

    [Fact]
    public async Task Given_a_policy_When_it_is_written_twice_Then_one_policy_is_associated_with_the_contact()
    {
        var id = _hubSpot.AddContact("Jane", "Smith", "jane@example.com", Start);
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));
        var policy = new CrmPolicy("", "LIFE-9", "life", "Acme Mutual", 310m, new DateOnly(2026, 2, 1), new DateOnly(2036, 2, 1), PolicyStatus.Active);

        await connector.UpsertPolicyAsync(id, policy, TestContext.Current.CancellationToken);
        await connector.UpsertPolicyAsync(id, policy with { Premium = 320m }, TestContext.Current.CancellationToken);

        var stored = await connector.GetClientAsync(id, TestContext.Current.CancellationToken);
        var read = Assert.Single(stored!.Policies);
        Assert.Equal(("LIFE-9", 320m), (read.Number, read.Premium));
    }

    [Fact]
    public async Task Given_no_policy_object_When_capabilities_are_read_Then_policies_are_declared_unsupported()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot) with { PolicyObjectType = null });

        Assert.Contains(connector.Capabilities.UnsupportedFeatures, f => f.StartsWith("Policies", StringComparison.Ordinal));
        await Assert.ThrowsAsync<CrmRejectedException>(() => connector.UpsertPolicyAsync(
            "1", new CrmPolicy("", "X", "auto", null, null, null, null, PolicyStatus.Active), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Given_the_ten_second_window_is_full_When_a_call_is_made_Then_it_waits_as_told_and_sends_once_more()
    {
        _hubSpot.AddContact("Jane", "Smith", "jane@example.com", Start);
        _hubSpot.BurstLimit = 1;
        _hubSpot.BurstWindow = TimeSpan.FromSeconds(1);
        _hubSpot.RetryAfter = TimeSpan.FromSeconds(1);
        // A generous attempt timeout: on a loaded machine a 2 s timeout resends the probe, which fills the window a second time.
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot) with
        {
            PolicyObjectType = null,
            Resilience = ConnectorTestHost.QuickResilience with { AttemptTimeout = TimeSpan.FromSeconds(30) },
        });
        await connector.TestAsync(TestContext.Current.CancellationToken);

        var page = await connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken);

        Assert.Single(page.Clients);
        Assert.Equal(1, _hubSpot.TooManyRequests);
    }

    [Fact]
    public async Task Given_the_daily_limit_is_spent_When_a_call_is_made_Then_it_is_unavailable_without_a_retry()
    {
        _hubSpot.DailyUsed = _hubSpot.DailyLimit;
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        var unavailable = await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));

        Assert.Contains("daily limit", unavailable.Message, StringComparison.Ordinal);
        Assert.Single(_hubSpot.Calls);
    }

    [Fact]
    public async Task Given_a_revoked_oauth_token_When_a_call_is_made_Then_a_new_token_is_fetched_and_the_call_succeeds()
    {
        var id = _hubSpot.AddContact("Jane", "Smith", "jane@example.com", Start);
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot, CrmAuthMode.OAuthRefreshToken));
        await connector.TestAsync(TestContext.Current.CancellationToken);
        _hubSpot.ExpireTokens();

        var client = await connector.GetClientAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal("Smith", client?.LastName);
        Assert.Equal(2, _hubSpot.CallsTo("/oauth/v1/token"));
    }

    [Fact]
    public async Task Given_an_unknown_contact_When_read_Then_it_is_null()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.HubSpot(_hubSpot));

        Assert.Null(await connector.GetClientAsync("999999", TestContext.Current.CancellationToken));
        Assert.Null(await connector.GetClientAsync("not-an-id", TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        _host.Dispose();
        _hubSpot.Dispose();
    }
}
