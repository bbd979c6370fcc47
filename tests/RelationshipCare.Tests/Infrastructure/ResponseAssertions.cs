using System.Net;
using System.Text.Json;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>An RFC 9457 problem as the host answers it.</summary>
internal sealed record Problem(int Status, string Type, string Title, string? Detail, string? Code, IReadOnlyDictionary<string, string[]> Errors);

internal static class ResponseAssertions
{
    /// <summary>Asserts the status (showing the body when it differs) and reads the body as <typeparamref name="T"/>.</summary>
    public static async Task<T> ShouldBeAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(
            response.StatusCode == status,
            $"Expected {(int)status} {status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, TestJson.Options)!;
    }

    /// <summary>
    /// Asserts that the response is a problem with <paramref name="status"/>: the problem media type, a stable
    /// <c>urn:relationship-care:problem:</c> type, a title, the same status in the body and the request's trace id.
    /// </summary>
    public static async Task<Problem> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(
            response.StatusCode == status,
            $"Expected {(int)status} {status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var problem = new Problem(
            root.GetProperty("status").GetInt32(),
            root.GetProperty("type").GetString()!,
            root.GetProperty("title").GetString()!,
            root.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
            root.TryGetProperty("code", out var code) ? code.GetString() : null,
            root.TryGetProperty("errors", out var errors)
                ? errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray())
                : new Dictionary<string, string[]>());
        Assert.Equal((int)status, problem.Status);
        Assert.StartsWith(Problems.TypePrefix, problem.Type, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));

        // The request's W3C trace id, with or without a tracing backend, so a problem can be found in the logs.
        Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("traceId").GetString());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/> (as the JSON body spells it).</summary>
    public static async Task<Problem> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(Problems.ValidationType, problem.Type);
        Assert.True(problem.Errors.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", problem.Errors.Keys)}");
        return problem;
    }
}

/// <summary>The API's JSON: web defaults (camelCase) with enums as names, as the host reads and writes it.</summary>
internal static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
