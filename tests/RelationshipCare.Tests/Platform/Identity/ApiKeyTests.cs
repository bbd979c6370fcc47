using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Identity;

[Collection(HostCollection.Name)]
public sealed class ApiKeyTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_an_agent_When_creating_an_api_key_Then_it_works_and_its_secret_is_shown_only_in_that_answer()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command("Reporting script", 30), TestJson.Options, Ct);

        var key = await response.ShouldBeAsync<CreateApiKey.CreatedApiKey>(HttpStatusCode.Created);
        Assert.StartsWith("rc_", key.Secret, StringComparison.Ordinal);
        var me = await ApiClient(key.Secret).GetFromJsonAsync<AgentSnapshot>("/api/teams/agents/me", TestJson.Options, Ct);
        Assert.Equal(Demo.JamieRivera.Id, me!.Id);
        var listed = await jamie.GetStringAsync("/api/account/api-keys", Ct);
        Assert.Contains(key.Id.ToString(), listed, StringComparison.Ordinal);
        Assert.Contains(key.Hint, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, listed, StringComparison.Ordinal);
        var stored = await Host.ReadAsync<PlatformDbContext, ApiKey>(db => db.ApiKeys.SingleAsync(k => k.Id == key.Id, Ct));
        Assert.Equal(ApiKey.HashOf(key.Secret), stored.Hash);
        Assert.DoesNotContain(key.Secret[3..], stored.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_revoked_key_When_used_Then_the_api_answers_401_problem()
    {
        var key = await new ApiKeyBuilder(Demo.JamieRivera.Id).SaveAsync(Host.Services);
        var jamie = ApiClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await jamie.GetAsync("/api/teams/agents/me", Ct)).StatusCode);

        var revoked = await jamie.DeleteAsync($"/api/account/api-keys/{key.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await (await jamie.GetAsync("/api/teams/agents/me", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_key_that_expired_When_used_Then_the_api_answers_401_problem()
    {
        var key = await new ApiKeyBuilder(Demo.JamieRivera.Id).ExpiredAt(DateTimeOffset.UtcNow.AddMinutes(-1)).SaveAsync(Host.Services);

        var response = await ApiClient(key.Secret).GetAsync("/api/teams/agents/me", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_key_in_use_When_its_expiry_passes_Then_it_stops_working_although_it_is_cached()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = Host.CreateVariant(new Dictionary<string, string>(), services => services.AddSingleton<TimeProvider>(clock));
        using var morgan = host.CreateApiClient(Demo.ApiKey);
        var response = await morgan.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command("For one day", 1), TestJson.Options, Ct);
        using var oneDayKey = host.CreateApiClient((await response.ShouldBeAsync<CreateApiKey.CreatedApiKey>(HttpStatusCode.Created)).Secret);
        Assert.Equal(HttpStatusCode.OK, (await oneDayKey.GetAsync("/api/teams/agents/me", Ct)).StatusCode);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        await (await oneDayKey.GetAsync("/api/teams/agents/me", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_an_agent_with_a_key_When_an_admin_deactivates_them_Then_the_key_stops_working()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        Assert.Equal(HttpStatusCode.OK, (await jamie.GetAsync("/api/teams/agents/me", Ct)).StatusCode);

        await Host.SendAsync(new SetAgentActive.Command(Demo.JamieRivera.Id, Active: false), Demo.Admin);

        await (await jamie.GetAsync("/api/teams/agents/me", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_someone_elses_key_When_an_agent_revokes_it_Then_it_is_not_found_and_keeps_working()
    {
        var morgans = await new ApiKeyBuilder(Demo.MorganLee.Id).SaveAsync(Host.Services);
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.DeleteAsync($"/api/account/api-keys/{morgans.Id}", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("platform.api-key-not-found", problem.Code);
        Assert.Equal(HttpStatusCode.OK, (await ApiClient(morgans.Secret).GetAsync("/api/teams/agents/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Given_ten_active_keys_When_an_eleventh_is_created_Then_it_is_refused_until_one_is_revoked()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);
        await new ApiKeyBuilder(Demo.JamieRivera.Id).RevokedAt(DateTimeOffset.UtcNow).SaveAsync(Host.Services);
        await new ApiKeyBuilder(Demo.JamieRivera.Id).ExpiredAt(DateTimeOffset.UtcNow.AddDays(-1)).SaveAsync(Host.Services);
        List<CreateApiKey.CreatedApiKey> created = [];
        for (var i = 1; i < CreateApiKey.MaxActiveKeys; i++)
        {
            var response = await jamie.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command($"Key {i}", null), TestJson.Options, Ct);
            created.Add(await response.ShouldBeAsync<CreateApiKey.CreatedApiKey>(HttpStatusCode.Created));
        }

        var eleventh = await jamie.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command("One too many", null), TestJson.Options, Ct);

        var problem = await eleventh.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("platform.too-many-api-keys", problem.Code);
        await jamie.DeleteAsync($"/api/account/api-keys/{created[0].Id}", Ct);
        var afterRevoking = await jamie.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command("Replacement", null), TestJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, afterRevoking.StatusCode);
    }

    [Theory]
    [InlineData("", 30, "name")]
    [InlineData("A name longer than one hundred characters, which nobody needs to tell their keys apart, is refused outright", 30, "name")]
    [InlineData("Script", 0, "expiresInDays")]
    [InlineData("Script", 731, "expiresInDays")]
    public async Task Given_a_key_request_filled_in_wrong_When_sent_Then_the_field_is_refused(string name, int expiresInDays, string field)
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command(name, expiresInDays), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("Bearer rc_this-key-was-never-issued-0000000000000")]
    [InlineData("Bearer not-an-api-key")]
    [InlineData("Basic amFtaWU6cGFzc3dvcmQ=")]
    public async Task Given_credentials_that_are_not_a_valid_key_When_calling_the_api_Then_it_answers_401_problem(string authorization)
    {
        var client = ApiClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/api/teams/agents/me", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_a_signed_in_browser_When_calling_the_api_with_its_cookie_Then_it_is_refused_because_the_api_takes_keys_only()
    {
        var browser = await SignedInBrowserAsync(Demo.JamieRivera);
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var response = await browser.GetAsync("/api/teams/agents/me", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
