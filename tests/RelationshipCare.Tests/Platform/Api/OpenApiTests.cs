using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Api;

[Collection(HostCollection.Name)]
public sealed partial class OpenApiTests(HostFixture host) : HostTest(host)
{
    private const string Document = "/openapi/v1.json";

    [Fact]
    public async Task Given_an_api_key_When_reading_the_openapi_document_Then_it_describes_every_module_endpoint_and_the_key_scheme()
    {
        var agent = await ApiClientAsync(Demo.JamieRivera);

        var response = await agent.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        var moduleEndpoints = MappedEndpoints.Of(Host.Services)
            .Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !e.Pattern.StartsWith("/api/docs", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(moduleEndpoints);
        var undocumented = moduleEndpoints
            .Where(e => !(paths.TryGetProperty(DocumentedPath(e.Pattern), out var operations) && operations.TryGetProperty(e.Method.ToLowerInvariant(), out _)))
            .Select(e => e.Key)
            .ToList();
        Assert.True(undocumented.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", undocumented));
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task Given_a_signed_in_browser_When_reading_the_openapi_document_Then_it_is_served()
    {
        var browser = await SignedInBrowserAsync(Demo.JamieRivera);

        var response = await browser.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Given_no_credentials_When_reading_the_openapi_document_Then_it_answers_401_problem()
    {
        var response = await ApiClient().GetAsync(Document, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>A route pattern as OpenAPI writes it: <c>{id:guid}</c> becomes <c>{id}</c>, and no trailing slash.</summary>
    private static string DocumentedPath(string pattern)
    {
        var path = RouteConstraint().Replace(pattern, "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
