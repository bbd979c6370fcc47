using System.Net;
using System.Text;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Tests.Platform.Api;

/// <summary>
/// Requests the API cannot use, sent by a caller who may otherwise do everything (an admin): each gets a problem
/// with the status that names what was wrong, never a 500, and never our own type names.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BadInputTests(HostFixture host) : HostTest(host)
{
    private const string Json = "application/json";
    private const string ValidAgent = """"fullName":"Ana Lima","email":"ana.lima@agency.example","role":"JuniorAgent","trainingLevel":2,"experienceStartDate":"2022-05-01"""";

    private HttpClient _admin = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await ApiClientAsync(Demo.Admin);
    }

    [Theory]
    [InlineData("malformed JSON", "POST", "/api/teams/", Json, """{"name": "Claims",""", 400)]
    [InlineData("JSON that is not an object", "POST", "/api/teams/agents", Json, "[1, 2]", 400)]
    [InlineData("a number given as text", "POST", "/api/teams/agents", Json, "{" + ValidAgent + ""","maxConcurrentClients":"many"}""", 400)]
    [InlineData("text given as a number", "POST", "/api/teams/", Json, """{"name": 42}""", 400)]
    [InlineData("an unknown role", "POST", "/api/teams/agents", Json, """{"fullName":"Ana Lima","email":"ana@agency.example","role":"Boss"}""", 400)]
    [InlineData("a date that is not a date", "POST", "/api/teams/agents", Json, """{"fullName":"Ana Lima","experienceStartDate":"last spring"}""", 400)]
    [InlineData("a list given as text", "POST", "/api/teams/agents", Json, "{" + ValidAgent + ""","specialties":"life"}""", 400)]
    [InlineData("days given as words", "POST", "/api/account/api-keys", Json, """{"name":"Script","expiresInDays":"a month"}""", 400)]
    [InlineData("no body at all", "POST", "/api/teams/", Json, "", 400)]
    [InlineData("missing fields", "POST", "/api/account/api-keys", Json, "{}", 400)]
    [InlineData("plain text", "POST", "/api/teams/", "text/plain", "name=Claims", 415)]
    [InlineData("a form post", "POST", "/api/account/api-keys", "application/x-www-form-urlencoded", "name=Script", 415)]
    [InlineData("XML", "PUT", "/api/teams/0193a000-0000-7000-8000-000000000101", "application/xml", "<team><name>Claims</name></team>", 415)]
    [InlineData("an unknown route", "GET", "/api/teams/nothing/here", null, null, 404)]
    [InlineData("an unknown module", "GET", "/api/nowhere", null, null, 404)]
    [InlineData("an id that is not a guid", "GET", "/api/teams/agents/not-a-guid", null, null, 404)]
    [InlineData("a key id that is not a guid", "DELETE", "/api/account/api-keys/42", null, null, 404)]
    [InlineData("an empty guid", "GET", "/api/teams/00000000-0000-0000-0000-000000000000", null, null, 400)]
    [InlineData("a method the route does not take", "PATCH", "/api/teams/agents", Json, "{}", 405)]
    [InlineData("an unknown role filter", "GET", "/api/teams/agents?role=Boss", null, null, 400)]
    [InlineData("a yes/no filter that is neither", "GET", "/api/teams/agents?includeInactive=perhaps", null, null, 400)]
    [InlineData("a team filter that is not a guid", "GET", "/api/teams/agents?teamId=commercial", null, null, 400)]
    [InlineData("a specialty that is not a line of business", "GET", "/api/teams/agents?specialty=knitting", null, null, 400)]
    public async Task Given_a_request_the_api_cannot_use_When_sent_Then_it_gets_a_problem_with_the_status_that_says_why(
        string because, string method, string path, string? contentType, string? body, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = new StringContent(body ?? "", Encoding.UTF8, contentType);
        }

        var response = await _admin.SendAsync(request, Ct);

        var problem = await response.ShouldBeProblemAsync((HttpStatusCode)status);
        Assert.True(
            problem.Detail?.Contains("RelationshipCare", StringComparison.Ordinal) != true,
            $"The problem answering {because} names our own types: {problem.Detail}");
    }

    [Fact]
    public async Task Given_missing_fields_When_an_agent_is_created_Then_each_missing_field_is_named_as_the_body_spells_it()
    {
        var response = await _admin.PostAsync("/api/teams/agents", new StringContent("{}", Encoding.UTF8, Json), Ct);

        var problem = await response.ShouldBeValidationProblemAsync("fullName");
        Assert.Equal(Problems.ValidationType, problem.Type);
        Assert.Contains("email", problem.Errors.Keys);
    }

    [Fact]
    public async Task Given_a_body_over_the_api_limit_When_posted_Then_it_gets_a_413_problem()
    {
        var oversized = $$"""{"name":"Claims","description":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        var response = await _admin.PostAsync("/api/teams/", new StringContent(oversized, Encoding.UTF8, Json), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.EndsWith(":payload-too-large", problem.Type, StringComparison.Ordinal);
    }
}
