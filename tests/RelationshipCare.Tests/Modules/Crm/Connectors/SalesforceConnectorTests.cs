using Polly.CircuitBreaker;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

public sealed class SalesforceConnectorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SalesforceFake _salesforce = new();
    private readonly ConnectorTestHost _host = new();

    [Theory]
    [InlineData(nameof(CrmAuthMode.ClientCredentials))]
    [InlineData(nameof(CrmAuthMode.JwtBearer))]
    public async Task Given_a_connected_app_When_the_connection_is_tested_Then_it_signs_in_and_reads_the_limits(string authMode)
    {
        var mode = Enum.Parse<CrmAuthMode>(authMode);
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce, mode));

        var check = await connector.TestAsync(TestContext.Current.CancellationToken);

        Assert.True(check.Succeeded, check.Message);
        Assert.Contains("daily API requests remain", check.Message, StringComparison.Ordinal);
        Assert.Equal(100_000, check.Quota?.Limit);
        Assert.Equal(1, check.Quota?.Used);
    }

    [Fact]
    public async Task Given_wrong_credentials_When_the_connection_is_tested_Then_it_says_the_credentials_were_refused()
    {
        var settings = ConnectorTestHost.Salesforce(_salesforce) with { Credentials = new CrmCredentials { ClientId = "wrong", ClientSecret = "wrong" } };

        var check = await _host.Factory.Get(settings).TestAsync(TestContext.Current.CancellationToken);

        Assert.False(check.Succeeded);
        Assert.Contains("refused the connection's credentials", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_more_contacts_than_a_query_page_When_listed_Then_nextRecordsUrl_is_followed_to_the_end_with_policies()
    {
        var account = _salesforce.AddAccount("Express Logistics");
        for (var i = 0; i < 23; i++)
        {
            _salesforce.AddContact($"First{i}", $"Last{i}", Start.AddMinutes(i), $"person{i}@example.com", i == 0 ? account : null);
        }

        _salesforce.AddPolicy(account, "POL-1", "Auto");
        _salesforce.QueryPageSize = 10;
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var clients = await ConnectorPaging.ReadAllAsync(connector, null);

        Assert.Equal(23, clients.Count);
        Assert.Equal(23, clients.Select(c => c.ExternalId).Distinct().Count());
        var first = clients[0];
        Assert.Equal("Express Logistics", first.Company);
        Assert.Equal("+14155550100", first.Phone);
        Assert.Equal(Start, first.ModifiedAt);
        var policy = Assert.Single(first.Policies);
        Assert.Equal(("POL-1", "Auto", PolicyStatus.Active), (policy.Number, policy.LineOfBusiness, policy.Status));
        Assert.Equal(2, _salesforce.Calls.Count(c => c.Path.StartsWith("/services/data/v66.0/query/", StringComparison.Ordinal) && c.Path.Contains('-', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_a_date_When_changes_are_listed_Then_only_contacts_modified_since_come_oldest_first()
    {
        for (var i = 0; i < 10; i++)
        {
            _salesforce.AddContact($"First{i}", $"Last{i}", Start.AddDays(i));
        }

        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var clients = await ConnectorPaging.ReadAllAsync(connector, Start.AddDays(6));

        Assert.Equal(["Last6", "Last7", "Last8", "Last9"], clients.Select(c => c.LastName));
    }

    [Fact]
    public async Task Given_a_new_client_When_the_same_write_is_sent_twice_Then_one_contact_and_one_account_exist()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        var client = ClientBuilder.New().WithPlatformId("rc-42").WithCompany("Acme Corporation").Build();

        var first = await connector.UpsertClientAsync(client, TestContext.Current.CancellationToken);
        var second = await connector.UpsertClientAsync(client, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Single(_salesforce.Contacts);
        Assert.Single(_salesforce.Accounts);
        var stored = await connector.GetClientAsync(first, TestContext.Current.CancellationToken);
        Assert.Equal(("Acme Corporation", client.Email, client.Phone), (stored!.Company, stored.Email, stored.Phone));
    }

    [Fact]
    public async Task Given_a_synced_contact_of_an_account_the_org_made_When_written_back_Then_it_keeps_that_account_unless_the_company_changed()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        var account = _salesforce.AddAccount("Express Logistics");
        var id = _salesforce.AddContact("Jane", "Smith", Start, "jane.smith@example.com", account);

        await connector.UpsertClientAsync(ClientBuilder.New().WithExternalId(id).WithCompany("express logistics").Build(), TestContext.Current.CancellationToken);
        var kept = _salesforce.Contacts[id]["AccountId"]!.GetValue<string>();
        await connector.UpsertClientAsync(ClientBuilder.New().WithExternalId(id).WithCompany("Acme Corporation").Build(), TestContext.Current.CancellationToken);
        var moved = _salesforce.Contacts[id]["AccountId"]!.GetValue<string>();

        Assert.Equal(account, kept);
        Assert.NotEqual(account, moved);
        Assert.Equal("Acme Corporation", _salesforce.Accounts[moved]["Name"]!.GetValue<string>());
        Assert.Equal(2, _salesforce.Accounts.Count);
    }

    [Fact]
    public async Task Given_a_policy_When_it_is_written_twice_Then_the_insured_account_has_one_policy()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        var id = await connector.UpsertClientAsync(
            ClientBuilder.New().WithPlatformId("rc-7").WithCompany("Acme").Build(), TestContext.Current.CancellationToken);
        var policy = new CrmPolicy("", "HO-123", "Home", null, 980m, new DateOnly(2026, 5, 1), new DateOnly(2027, 5, 1), PolicyStatus.Active);

        await connector.UpsertPolicyAsync(id, policy, TestContext.Current.CancellationToken);
        await connector.UpsertPolicyAsync(id, policy with { Premium = 1010m }, TestContext.Current.CancellationToken);

        var stored = await connector.GetClientAsync(id, TestContext.Current.CancellationToken);
        var read = Assert.Single(stored!.Policies);
        Assert.Equal(("HO-123", 1010m), (read.Number, read.Premium));
    }

    [Fact]
    public async Task Given_a_contact_the_crm_refuses_When_written_Then_the_field_error_names_the_platform_field()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        var refused = await Assert.ThrowsAsync<CrmRejectedException>(() =>
            connector.UpsertClientAsync(ClientBuilder.New().WithPlatformId("rc-1").WithLastName("").Build(), TestContext.Current.CancellationToken));

        Assert.Contains("LastName", refused.FieldErrors.Keys);
    }

    [Fact]
    public async Task Given_an_expired_session_When_a_call_is_made_Then_the_token_is_refreshed_and_the_call_sent_once_more()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        var id = _salesforce.AddContact("Jane", "Smith", Start);
        Assert.NotNull(await connector.GetClientAsync(id, TestContext.Current.CancellationToken));
        _salesforce.ExpireSessions();

        var client = await connector.GetClientAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal("Smith", client?.LastName);
        Assert.Equal(2, _salesforce.CallsTo("/services/oauth2/token"));
        Assert.Single(_salesforce.Calls, c => c.Status == 401);
    }

    [Fact]
    public async Task Given_the_orgs_allocation_is_spent_When_a_call_is_made_Then_it_is_unavailable_and_not_retried()
    {
        _salesforce.MaxRequests = 0;
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));

        await Assert.ThrowsAsync<CrmUnavailableException>(() =>
            connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));

        Assert.Equal(1, _salesforce.CallsTo("/services/data/"));
        Assert.Equal(403, _salesforce.Calls.Last().Status);
        Assert.Equal(0, connector.LastQuota?.Limit);
    }

    [Fact]
    public async Task Given_a_passing_failure_When_a_call_is_made_Then_it_is_retried_and_succeeds()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        _salesforce.AddContact("Jane", "Smith", Start);
        _salesforce.FailNext(2, 503);

        var page = await connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken);

        Assert.Single(page.Clients);
        Assert.Equal(3, _salesforce.CallsTo("/services/data/v66.0/query"));
    }

    [Fact]
    public async Task Given_the_crm_keeps_failing_When_calls_go_on_Then_the_breaker_opens_and_calls_stop_reaching_it()
    {
        var connector = _host.Factory.Get(ConnectorTestHost.Salesforce(_salesforce));
        await connector.TestAsync(TestContext.Current.CancellationToken);
        _salesforce.FailNext(1000);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));
        }

        Assert.Equal(CircuitState.Open, connector.Circuit);
        var reached = _salesforce.Calls.Count;
        var refused = await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));
        Assert.Equal(reached, _salesforce.Calls.Count);
        Assert.Contains("circuit is open", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
    }

    [Fact]
    public async Task Given_a_slow_crm_When_a_call_is_made_Then_it_times_out_as_unavailable()
    {
        var settings = ConnectorTestHost.Salesforce(_salesforce) with
        {
            Resilience = ConnectorTestHost.QuickResilience with { AttemptTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 },
        };
        var connector = _host.Factory.Get(settings);
        await connector.TestAsync(TestContext.Current.CancellationToken);
        _salesforce.Delay = TimeSpan.FromSeconds(1);

        var slow = await Assert.ThrowsAsync<CrmUnavailableException>(() => connector.ListChangedAsync(null, null, TestContext.Current.CancellationToken));

        Assert.Contains("did not answer in time", slow.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _host.Dispose();
        _salesforce.Dispose();
    }
}
