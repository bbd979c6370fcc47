using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>Policies agents add and edit on clients kept in a CRM reach that CRM through the outbox, in its own field names, once.</summary>
[Collection(HostCollection.Name)]
public sealed class PolicyWritesTests(HostFixture host) : HostTest(host)
{
    private static readonly DateTimeOffset LastWeek = DateTimeOffset.UtcNow.AddDays(-7);

    private readonly SalesforceFake _salesforce = new();
    private readonly ZohoFake _zoho = new();
    private readonly HubSpotFake _hubSpot = new();

    [Fact]
    public async Task Given_a_Salesforce_client_When_an_agent_edits_a_synced_policy_and_adds_one_Then_InsurancePolicy_receives_both_in_its_field_names()
    {
        var account = _salesforce.AddAccount("Hopper Analytics");
        _salesforce.AddContact("Grace", "Hopper", LastWeek, "grace@example.com", account);
        var synced = _salesforce.AddPolicy(account, "HOM-700001", "homeowners");
        await CrmSync.RunAsync(Host.Services, await ConnectionBuilder.SaveAsync(Host, ConnectionBuilder.Salesforce(_salesforce)));
        var grace = await ClientAsync("grace@example.com");
        var home = Assert.Single(grace.Policies);

        var edited = await Host.SendAsync(Edit(grace, home, Fields(home) with { Premium = 1500m }), Demo.JamieRivera);
        var added = await Host.SendAsync(Add(grace.Id, edited.Value.Version, ClientBuilder.Policy("LIF-700002", new DateOnly(2031, 6, 30))), Demo.JamieRivera);
        Assert.False(added.IsError, added.IsError ? added.FirstError.Description : null);
        await DeliveredAsync();

        // The edit's own delivery may run before the add's and send the edited policy once more: a PATCH is idempotent.
        var patch = _salesforce.Calls.Last(c => c.Method == "PATCH" && c.Path.EndsWith($"/sobjects/InsurancePolicy/{synced}", StringComparison.Ordinal));
        Assert.Equal(1500m, patch.Body!["PremiumAmount"]!.GetValue<decimal>());
        Assert.Equal(("HOM-700001", "homeowners", "Active"), (patch.Body["Name"]!.GetValue<string>(), patch.Body["PolicyType"]!.GetValue<string>(), patch.Body["Status"]!.GetValue<string>()));
        var created = Assert.Single(_salesforce.Calls, c => c.Method == "PATCH" && c.Path.Contains("/sobjects/InsurancePolicy/RelationshipCare_Id__c/", StringComparison.Ordinal));
        Assert.Equal(("LIF-700002", "life", "2031-06-30"), (created.Body!["Name"]!.GetValue<string>(), created.Body["PolicyType"]!.GetValue<string>(), created.Body["ExpirationDate"]!.GetValue<string>()));
        Assert.NotNull(created.Body["NameInsuredId"]);
        Assert.Equal(2, _salesforce.Policies.Count);
        var stored = await PoliciesAsync(grace.Id);
        Assert.All(stored, p => Assert.Equal((true, (DateTimeOffset?)null), (p.ExternalId is { Length: > 0 }, p.WritePendingSince)));
    }

    [Fact]
    public async Task Given_Salesforce_loses_the_answer_to_a_new_policy_When_the_delivery_is_retried_Then_there_is_still_one_policy()
    {
        var account = _salesforce.AddAccount("Lovelace Engines");
        _salesforce.AddContact("Ada", "Lovelace", LastWeek, "ada@example.com", account);
        await CrmSync.RunAsync(Host.Services, await ConnectionBuilder.SaveAsync(Host, ConnectionBuilder.Salesforce(_salesforce)));
        var ada = await ClientAsync("ada@example.com");
        // Every attempt of the first delivery is saved by Salesforce but answered 503: the write waits for a retry.
        _salesforce.LoseAnswers(r => r.Method == "PATCH" && r.Path.Contains("/sobjects/InsurancePolicy/", StringComparison.Ordinal), count: 3);

        await Host.SendAsync(Add(ada.Id, ada.Version, ClientBuilder.Policy("AUT-700003", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(100), "personal_auto")), Demo.JamieRivera);
        await CrmSync.DeliverAsync(Host.Services);
        await Eventually.HoldsAsync(async () => (await CrmSync.WritesAsync(Host.Services)).SingleOrDefault() is { Attempts: > 0 }, "the first delivery failed");
        Assert.Single(_salesforce.Policies.Values, p => p["Name"]!.GetValue<string>() == "AUT-700003");
        await CrmSync.MakeWritesDueAsync(Host.Services);
        await DeliveredAsync();

        Assert.Single(_salesforce.Policies.Values, p => p["Name"]!.GetValue<string>() == "AUT-700003");
        Assert.Equal(_salesforce.Policies.Keys.Single(), Assert.Single(await PoliciesAsync(ada.Id)).ExternalId);
    }

    [Fact]
    public async Task Given_a_Zoho_client_When_an_agent_adds_a_policy_Then_the_policy_module_receives_an_upsert_in_Zoho_field_names_linked_to_the_contact()
    {
        var contact = _zoho.AddContact("Katherine", "Johnson", "katherine@example.com", LastWeek);
        await CrmSync.RunAsync(Host.Services, await ConnectionBuilder.SaveAsync(Host, ConnectionBuilder.Zoho(_zoho)));
        var katherine = await ClientAsync("katherine@example.com");

        var added = await Host.SendAsync(Add(katherine.Id, katherine.Version, ClientBuilder.Policy("ANN-700004", new DateOnly(2031, 1, 31), "annuities") with { Premium = 2500m }), Demo.JamieRivera);
        Assert.False(added.IsError, added.IsError ? added.FirstError.Description : "");
        await DeliveredAsync();

        var upsert = Assert.Single(_zoho.Calls, c => c.Method == "POST" && c.Path == $"/crm/v8/{ZohoFake.PolicyModule}/upsert");
        var record = upsert.Body!["data"]![0]!;
        Assert.Equal(("ANN-700004", "annuities", 2500m, "2031-01-31", contact),
            (record["Name"]!.GetValue<string>(), record["Line_of_Business"]!.GetValue<string>(), record["Premium"]!.GetValue<decimal>(),
             record["Expiration_Date"]!.GetValue<string>(), record["Contact_Name"]!["id"]!.GetValue<string>()));
        Assert.Equal("Name", upsert.Body["duplicate_check_fields"]![0]!.GetValue<string>());
        var saved = Assert.Single(_zoho.CustomModules[ZohoFake.PolicyModule]);
        Assert.Equal(saved.Key, Assert.Single(await PoliciesAsync(katherine.Id)).ExternalId);
    }

    [Fact]
    public async Task Given_a_HubSpot_connection_without_a_policy_object_When_an_agent_adds_a_policy_Then_it_is_refused_with_422_and_nothing_is_queued()
    {
        _hubSpot.AddContact("Dorothy", "Vaughan", "dorothy@example.com", LastWeek);
        var connection = await ConnectionBuilder.SaveAsync(Host, new ConnectionBuilder(_hubSpot).ToCreate() with { PolicyObjectType = null });
        await CrmSync.RunAsync(Host.Services, connection);
        var dorothy = await ClientAsync("dorothy@example.com");
        var priya = await ApiClientAsync(Demo.PriyaShah);

        var response = await priya.PostAsJsonAsync(
            $"/api/crm/clients/{dorothy.Id}/policies", new { version = dorothy.Version, policy = ClientBuilder.Policy("LIF-700005", new DateOnly(2030, 1, 1)) }, TestJson.Options, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("crm.policies-not-carried", problem.Code);
        Assert.Contains("does not carry policies", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
        Assert.Empty(await PoliciesAsync(dorothy.Id));
    }

    [Fact]
    public async Task Given_a_Salesforce_client_without_a_company_When_adding_a_policy_Then_it_is_refused_up_front()
    {
        _salesforce.AddContact("Mary", "Jackson", LastWeek, "mary@example.com");
        await CrmSync.RunAsync(Host.Services, await ConnectionBuilder.SaveAsync(Host, ConnectionBuilder.Salesforce(_salesforce)));
        var mary = await ClientAsync("mary@example.com");

        var result = await Host.SendAsync(Add(mary.Id, mary.Version, ClientBuilder.Policy("LIF-700006", new DateOnly(2030, 1, 1))), Demo.JamieRivera);

        Assert.Equal("crm.policy-needs-company", result.FirstError.Code);
        Assert.Empty(await CrmSync.WritesAsync(Host.Services));
    }

    public override ValueTask DisposeAsync()
    {
        _salesforce.Dispose();
        _zoho.Dispose();
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }

    private static AddPolicy.Command Add(Guid clientId, int version, PolicyFields policy) => new() { ClientId = clientId, Version = version, Policy = policy };

    private static UpdatePolicy.Command Edit(Client client, ClientPolicy policy, PolicyFields fields) =>
        new() { ClientId = client.Id, PolicyId = policy.Id, Version = client.Version, Policy = fields };

    private static PolicyFields Fields(ClientPolicy p) => new(p.Number, p.LineOfBusiness, p.Carrier, p.Premium, p.EffectiveDate, p.ExpirationDate, p.Status);

    private async Task DeliveredAsync() =>
        await Eventually.HoldsAsync(async () =>
        {
            await CrmSync.DeliverAsync(Host.Services);
            return (await CrmSync.WritesAsync(Host.Services)).Count == 0;
        }, "every write was delivered");

    private Task<Client> ClientAsync(string email) =>
        Host.ReadAsync<CrmDbContext, Client>(db => db.Clients.AsNoTracking().Include(c => c.Policies).SingleAsync(c => c.Email == email, Ct));

    private Task<List<ClientPolicy>> PoliciesAsync(Guid clientId) =>
        Host.ReadAsync<CrmDbContext, List<ClientPolicy>>(db => db.Policies.AsNoTracking().Where(p => p.ClientId == clientId).ToListAsync(Ct));
}
