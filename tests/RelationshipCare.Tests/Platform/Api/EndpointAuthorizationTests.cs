using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticAssets;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Tests.Platform.Api;

/// <summary>
/// Every endpoint the host maps either names an authorization policy or is on the anonymous list below, with its
/// reason: a new endpoint without authorization fails here. Then every protected endpoint is called anonymously,
/// as a junior agent and as an admin, and must answer as its policy (and its handler) say.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class EndpointAuthorizationTests(HostFixture host) : HostTest(host)
{
    /// <summary>The endpoints anyone may call, and why.</summary>
    private static readonly Dictionary<string, string> AnonymousEndpoints = new()
    {
        ["GET /health/live"] = "the liveness probe of load balancers and orchestrators",
        ["GET /health/ready"] = "the readiness probe; it reports check names and states only",
        ["GET /account/login"] = "the sign-in page",
        ["GET /account/lockout"] = "tells a locked-out person why they cannot sign in",
        ["GET /account/access-denied"] = "tells a signed-in person the page is for another role",
        ["GET /error/{Code:int}"] = "the error page, shown to anyone whose request failed",
        ["GET /_blazor"] = "the Blazor circuit hub; components inside it check the signed-in user themselves",
        ["GET /_blazor/negotiate"] = "the Blazor circuit hub's negotiation",
        ["GET /_blazor/disconnect/"] = "Blazor's circuit disconnect beacon",
        ["GET /_blazor/initializers/"] = "Blazor's list of JavaScript initializers",
        ["GET /_framework/opaque-redirect"] = "Blazor's redirect helper for enhanced navigation",
        ["GET /api/docs/favicon.svg"] = "the API reference's icon",
        ["GET /api/docs/scalar.js"] = "the API reference's script",
        ["GET /api/docs/scalar.aspnetcore.js"] = "the API reference's script",
        ["GET /{**path:file}"] = "static files from wwwroot (the development-time fallback of the static assets)",
    };

    /// <summary>
    /// Endpoints whose handler demands more than the endpoint's own policy: the request carries the stricter policy
    /// (<c>IAuthorizedRequest</c>), so it holds whether the request comes from the API, a page or a job.
    /// </summary>
    private static readonly Dictionary<string, string> StricterInHandler = new()
    {
        ["POST /api/teams/agents"] = AppPolicies.Admin,
        ["PUT /api/teams/agents/{id:guid}"] = AppPolicies.Admin,
        ["POST /api/teams/agents/{id:guid}/deactivate"] = AppPolicies.Admin,
        ["POST /api/teams/agents/{id:guid}/reactivate"] = AppPolicies.Admin,
        ["POST /api/teams/"] = AppPolicies.Admin,
        ["PUT /api/teams/{id:guid}"] = AppPolicies.Admin,
        ["DELETE /api/teams/{id:guid}"] = AppPolicies.Admin,
        ["POST /api/crm/custom-fields"] = AppPolicies.Admin,
        ["DELETE /api/crm/custom-fields/{id:guid}"] = AppPolicies.Admin,
        ["GET /api/ai/approvals"] = AppPolicies.TeamLead,
        ["POST /api/ai/approvals/{id:guid}/approve"] = AppPolicies.TeamLead,
        ["POST /api/ai/approvals/{id:guid}/deny"] = AppPolicies.TeamLead,
        ["PUT /api/ai/models/{name}"] = AppPolicies.Admin,
        ["PUT /api/ai/rules/{tier}"] = AppPolicies.Admin,
        ["GET /api/ai/budgets"] = AppPolicies.Admin,
        ["PUT /api/ai/budgets/{scope}/{id:guid}"] = AppPolicies.Admin,
        ["GET /api/crm/connections"] = AppPolicies.Admin,
        ["POST /api/crm/connections"] = AppPolicies.Admin,
        ["PUT /api/crm/connections/{id:guid}"] = AppPolicies.Admin,
        ["DELETE /api/crm/connections/{id:guid}"] = AppPolicies.Admin,
        ["POST /api/crm/connections/{id:guid}/test"] = AppPolicies.Admin,
        ["POST /api/crm/connections/{id:guid}/sync"] = AppPolicies.Admin,
        ["GET /api/crm/connections/{id:guid}/sync-runs"] = AppPolicies.Admin,
        ["GET /api/platform/outbox/dead-letters"] = AppPolicies.Admin,
        ["POST /api/platform/outbox/dead-letters/{id:long}/retry"] = AppPolicies.Admin,
        ["DELETE /api/platform/outbox/dead-letters/{id:long}"] = AppPolicies.Admin,
    };

    private IReadOnlyList<MappedEndpoint> Endpoints => MappedEndpoints.Of(Host.Services);

    private IEnumerable<MappedEndpoint> ProtectedEndpoints => Endpoints.Where(e => e.RequiresAuthorization);

    [Fact]
    public void Given_the_mapped_endpoints_When_inspected_Then_each_requires_authorization_or_is_listed_as_anonymous()
    {
        var unprotected = Endpoints
            .Where(e => !e.RequiresAuthorization && !AnonymousEndpoints.ContainsKey(e.Key) && !IsStaticAsset(e))
            .Select(e => e.Key)
            .ToList();

        Assert.True(unprotected.Count == 0,
            "These endpoints neither require authorization nor are listed as anonymous: " + string.Join(", ", unprotected)
            + ". Give each an authorization policy (or, if it must be public, add it to the anonymous list with its reason).");
        Assert.NotEmpty(ProtectedEndpoints);
    }

    [Fact]
    public void Given_the_lists_of_this_test_When_compared_with_the_mapped_endpoints_Then_every_entry_still_names_an_endpoint()
    {
        var keys = Endpoints.Select(e => e.Key).ToHashSet();

        Assert.DoesNotContain(AnonymousEndpoints.Keys.Concat(StricterInHandler.Keys), key => !keys.Contains(key));
        Assert.Contains(Endpoints, IsStaticAsset);
    }

    [Fact]
    public async Task Given_no_credentials_When_any_protected_endpoint_is_called_Then_it_answers_401_problem()
    {
        var anonymous = ApiClient();

        foreach (var endpoint in ProtectedEndpoints)
        {
            var response = await CallAsync(anonymous, endpoint);

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            Assert.EndsWith(":unauthorized", problem.Type, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_no_sign_in_When_a_browser_opens_any_protected_page_Then_it_is_sent_to_the_sign_in_page()
    {
        var browser = Browser();
        var pages = ProtectedEndpoints.Where(e => !IsApi(e)).ToList();

        foreach (var page in pages)
        {
            var response = await CallAsync(browser, page);

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.StartsWith(SignInForm.Path, response.RedirectPath(), StringComparison.Ordinal);
        }

        Assert.NotEmpty(pages);
    }

    [Fact]
    public async Task Given_a_junior_agent_When_calling_every_protected_endpoint_Then_only_those_needing_more_refuse_with_403_problem()
    {
        var junior = await ApiClientAsync(Demo.JamieRivera);
        var refused = 0;

        foreach (var endpoint in ProtectedEndpoints)
        {
            var response = await CallAsync(junior, endpoint);

            if (NeedsMoreThanAnAgent(endpoint))
            {
                var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
                Assert.EndsWith(":forbidden", problem.Type, StringComparison.Ordinal);
                refused++;
            }
            else
            {
                await ShouldBeLetThroughAsync(response, endpoint);
            }
        }

        Assert.True(refused > 0, "No endpoint needs more than an agent: the table of stricter endpoints no longer matches the host.");
    }

    [Fact]
    public async Task Given_an_admin_When_calling_every_protected_endpoint_Then_none_refuses()
    {
        var admin = await ApiClientAsync(Demo.Admin);

        foreach (var endpoint in ProtectedEndpoints)
        {
            await ShouldBeLetThroughAsync(await CallAsync(admin, endpoint), endpoint);
        }
    }

    /// <summary>Past authorization, the endpoint may still refuse the sample input, but never with 401, 403 or a failure of ours.</summary>
    private static async Task ShouldBeLetThroughAsync(HttpResponseMessage response, MappedEndpoint endpoint)
    {
        var status = (int)response.StatusCode;
        Assert.True(
            status is not (401 or 403) && status < 500,
            $"{endpoint} answered {status}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    /// <summary>Calls the endpoint with sample route values and, where it reads a body, an empty JSON object.</summary>
    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, MappedEndpoint endpoint)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.SamplePath);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { });
        }

        return await client.SendAsync(request, Ct);
    }

    private static bool IsApi(MappedEndpoint endpoint) =>
        endpoint.Pattern.StartsWith("/api/", StringComparison.Ordinal) || endpoint.Pattern.StartsWith("/openapi/", StringComparison.Ordinal)
        || endpoint.Pattern.StartsWith("/v1/", StringComparison.Ordinal);

    private static bool IsStaticAsset(MappedEndpoint endpoint) => endpoint.Endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;

    /// <summary>What the endpoint's own policies demand, or its handler where that is stricter.</summary>
    private static bool NeedsMoreThanAnAgent(MappedEndpoint endpoint) =>
        endpoint.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy)
            .Append(StricterInHandler.GetValueOrDefault(endpoint.Key))
            .OfType<string>()
            .Any(policy => policy switch
            {
                AppPolicies.SignedIn or AppPolicies.Api => false,
                AppPolicies.TeamLead or AppPolicies.Admin => true,
                _ => throw new InvalidOperationException($"{endpoint} names the policy '{policy}', which this test does not know: say who may pass it."),
            });
}
