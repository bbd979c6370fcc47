using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

[Collection(HostCollection.Name)]
public sealed class CrmConnectionsTests(HostFixture host) : HostTest(host)
{
    private readonly HubSpotFake _hubSpot = new();

    [Fact]
    public async Task Given_an_admin_When_a_connection_is_created_and_listed_Then_no_answer_log_or_column_holds_its_secret()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        var created = await admin.PostAsJsonAsync("/api/crm/connections", new ConnectionBuilder(_hubSpot).ToCreate(), TestJson.Options, Ct);
        var listed = await admin.GetAsync("/api/crm/connections", Ct);

        var details = await created.ShouldBeAsync<ListConnections.ConnectionDetails>(HttpStatusCode.Created);
        Assert.Equal((CrmKind.HubSpot, true, Demo.PriyaShah.Id), (details.Kind, details.Enabled, details.DefaultOwnerAgentId));
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, await created.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, await listed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Entries, log => log.AllText.Contains(HubSpotFake.PrivateAppToken, StringComparison.Ordinal));
        var stored = await Host.ReadAsync<CrmDbContext, CrmConnection>(db => db.Connections.SingleAsync(Ct));
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, stored.ProtectedSecrets, StringComparison.Ordinal);
        Assert.Null(stored.Settings.Credentials.AccessToken);
    }

    [Fact]
    public async Task Given_a_connection_to_the_fake_When_tested_Then_it_reads_and_reports_the_quota()
    {
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        var admin = await ApiClientAsync(Demo.Admin);

        var response = await admin.PostAsync($"/api/crm/connections/{id}/test", null, Ct);

        var outcome = await response.ShouldBeAsync<TestConnection.Outcome>(HttpStatusCode.OK);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(650_000L, outcome.QuotaLimit);
    }

    [Fact]
    public async Task Given_a_wrong_token_When_tested_Then_it_fails_with_the_reason_and_an_edit_without_credentials_keeps_the_saved_ones()
    {
        var builder = new ConnectionBuilder(_hubSpot) { Credentials = new CrmCredentials { AccessToken = "pat-na1-wrong" } };
        var id = await builder.SaveAsync(Host);

        var wrong = await Host.SendAsync(new TestConnection.Command(id), Demo.Admin);
        var fixedToken = await Host.SendAsync(Update(builder with { Credentials = new CrmCredentials { AccessToken = HubSpotFake.PrivateAppToken } }, id), Demo.Admin);
        var renamed = await Host.SendAsync(Update(builder with { Name = "HubSpot", Credentials = new CrmCredentials() }, id), Demo.Admin);
        var right = await Host.SendAsync(new TestConnection.Command(id), Demo.Admin);

        Assert.False(wrong.Value.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(wrong.Value.Message));
        Assert.False(fixedToken.IsError);
        Assert.Equal("HubSpot", renamed.Value.Name);
        Assert.True(right.Value.Succeeded, right.Value.Message);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("authMode")]
    [InlineData("credentials.AccessToken")]
    [InlineData("defaultOwnerAgentId")]
    [InlineData("ownerMap")]
    [InlineData("apiUrl")]
    [InlineData("limits.DailyLimit")]
    [InlineData("customFieldMappings[0].PlatformKey")]
    [InlineData("kind")]
    public async Task Given_bad_settings_When_creating_a_connection_Then_it_is_refused_with_a_field_error_and_nothing_is_saved(string field)
    {
        var admin = await ApiClientAsync(Demo.Admin);
        var valid = new ConnectionBuilder(_hubSpot).ToCreate();
        var command = field switch
        {
            "name" => valid with { Name = "" },
            "authMode" => valid with { AuthMode = CrmAuthMode.JwtBearer },
            "credentials.AccessToken" => valid with { Credentials = new CrmCredentials() },
            "defaultOwnerAgentId" => valid with { DefaultOwnerAgentId = Guid.NewGuid() },
            "ownerMap" => valid with { OwnerMap = new Dictionary<string, Guid> { ["78"] = Guid.NewGuid() } },
            "apiUrl" => valid with { ApiUrl = new Uri("ftp://127.0.0.1/") },
            "limits.DailyLimit" => valid with { Limits = new CrmLimitSettings { DailyLimit = 0 } },
            "customFieldMappings[0].PlatformKey" => valid with { CustomFieldMappings = [new CrmFieldMapping("hs_lead_source", "not a key!")] },
            _ => valid with { Kind = CrmKind.Native },
        };

        var response = await admin.PostAsJsonAsync("/api/crm/connections", command, TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync(field);
        Assert.Equal(0, await Host.ReadAsync<CrmDbContext, int>(db => db.Connections.CountAsync(Ct)));
    }

    [Fact]
    public async Task Given_a_name_in_use_or_another_crm_When_saving_Then_both_are_refused()
    {
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);

        var twin = await Host.SendAsync(new ConnectionBuilder(_hubSpot).ToCreate(), Demo.Admin);
        var otherCrm = await Host.SendAsync(Update(new ConnectionBuilder(_hubSpot), id) with { Kind = CrmKind.Zoho, AuthMode = CrmAuthMode.OAuthRefreshToken }, Demo.Admin);

        Assert.Equal("Name", twin.FirstError.Code);
        Assert.Equal("Kind", otherCrm.FirstError.Code);
    }

    [Fact]
    public async Task Given_an_agent_When_they_ask_for_connections_or_create_one_Then_both_are_forbidden()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var listed = await jamie.GetAsync("/api/crm/connections", Ct);
        var created = await jamie.PostAsJsonAsync("/api/crm/connections", new ConnectionBuilder(_hubSpot).ToCreate(), TestJson.Options, Ct);

        await listed.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await created.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_connection_When_deleted_Then_it_is_gone_and_a_second_delete_is_404()
    {
        var id = await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        var admin = await ApiClientAsync(Demo.Admin);

        var deleted = await admin.DeleteAsync($"/api/crm/connections/{id}", Ct);
        var again = await admin.DeleteAsync($"/api/crm/connections/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_connection_When_the_back_office_page_is_served_Then_admins_see_it_without_its_secret_and_agents_are_turned_away()
    {
        await new ConnectionBuilder(_hubSpot).SaveAsync(Host);
        var admin = await SignedInBrowserAsync(Demo.Admin);
        var jamie = await SignedInBrowserAsync(Demo.JamieRivera);

        var page = await admin.GetAsync("/backoffice/crm", Ct);
        var denied = await jamie.GetAsync("/backoffice/crm", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("main office", html, StringComparison.Ordinal);
        Assert.DoesNotContain(HubSpotFake.PrivateAppToken, html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/access-denied", denied.RedirectPath(), StringComparison.Ordinal);
    }

    public override ValueTask DisposeAsync()
    {
        _hubSpot.Dispose();
        return base.DisposeAsync();
    }

    private static UpdateConnection.Command Update(ConnectionBuilder builder, Guid id)
    {
        var create = builder.ToCreate();
        return new UpdateConnection.Command
        {
            ConnectionId = id,
            Name = create.Name,
            Kind = create.Kind,
            AuthMode = create.AuthMode,
            Credentials = create.Credentials,
            ApiUrl = create.ApiUrl,
            PolicyObjectType = create.PolicyObjectType,
            Limits = create.Limits,
            Resilience = create.Resilience,
            OwnerMap = create.OwnerMap,
            DefaultOwnerAgentId = create.DefaultOwnerAgentId,
        };
    }
}
