using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Observability;

/// <summary>What the host logs passes through redaction first: no email, and no API key, reaches any log sink.</summary>
[Collection(HostCollection.Name)]
public sealed class PersonalDataTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_agents_signing_in_and_out_of_failure_When_the_logs_are_read_Then_they_record_the_events_without_any_email()
    {
        await SignedInBrowserAsync(Demo.JamieRivera);
        await SignInForm.SubmitAsync(Browser(), Demo.SamTaylor.Email, "Not-the-password-1");

        var entries = Host.Logs.Entries;

        Assert.Contains(entries, e => e.Message.StartsWith("Signed in:", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.StartsWith("Sign-in refused:", StringComparison.Ordinal));
        ShouldNotAppear(entries, Demo.JamieRivera.Email, Demo.SamTaylor.Email);
    }

    [Fact]
    public async Task Given_an_admin_adding_an_agent_and_an_agent_creating_a_key_When_the_logs_are_read_Then_neither_the_email_nor_the_key_appears()
    {
        var admin = await ApiClientAsync(Demo.Admin);
        var agent = new AgentBuilder { Email = "new.agent@agency.example" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/teams/agents", agent.ToCreate(), TestJson.Options, Ct)).StatusCode);
        var created = await (await admin.PostAsJsonAsync("/api/account/api-keys", new CreateApiKey.Command("Script", null), TestJson.Options, Ct))
            .ShouldBeAsync<CreateApiKey.CreatedApiKey>(HttpStatusCode.Created);
        await ApiClient(created.Secret).GetAsync("/api/teams/agents", Ct);

        var entries = Host.Logs.Entries;

        Assert.Contains(entries, e => e.Message.Contains("POST", StringComparison.Ordinal) && e.Message.Contains("/api/teams/agents", StringComparison.Ordinal));
        ShouldNotAppear(entries, agent.Email, created.Secret);
    }

    private static void ShouldNotAppear(IReadOnlyList<CapturedLog> entries, params string[] secrets)
    {
        Assert.NotEmpty(entries);
        var leaks = entries.Where(e => secrets.Any(s => e.AllText.Contains(s, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Logged in clear: " + string.Join(" || ", leaks.Select(e => $"{e.Category}: {e.AllText}")));
    }
}
