using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.HubSpot;

/// <summary>
/// HubSpot CRM v3: bearer tokens; <c>X-HubSpot-RateLimit-*</c> headers; 429 whose <c>policyName</c> says which limit
/// was hit (<c>TEN_SECONDLY_ROLLING</c>: wait for the window to roll; <c>DAILY</c>: done until the day resets);
/// errors as <c>{status, message, category, errors: [{message, context: {propertyName}}]}</c>.
/// </summary>
internal sealed class HubSpotProtocol : ICrmProtocol
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string> PlatformFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["firstname"] = ClientFields.FirstName,
        ["lastname"] = ClientFields.LastName,
        ["email"] = ClientFields.Email,
        ["phone"] = ClientFields.Phone,
        ["company"] = ClientFields.Company,
        ["date_of_birth"] = ClientFields.Birthdate,
        ["address"] = ClientFields.Street,
        ["city"] = ClientFields.City,
        ["state"] = ClientFields.State,
        ["zip"] = ClientFields.PostalCode,
        ["country"] = ClientFields.Country,
    };

    public string Name => "HubSpot";

    public void Authorize(HttpRequestMessage request, string accessToken) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

    public CrmQuotaReading? ReadQuota(HttpResponseMessage response)
    {
        var daily = Header(response, "X-HubSpot-RateLimit-Daily");
        var dailyRemaining = Header(response, "X-HubSpot-RateLimit-Daily-Remaining");
        if (daily is { } limit && dailyRemaining is { } remaining)
        {
            return new CrmQuotaReading(limit - remaining, limit, [(CrmLimitWindow.Daily, remaining)]);
        }

        var max = Header(response, "X-HubSpot-RateLimit-Max");
        var intervalRemaining = Header(response, "X-HubSpot-RateLimit-Remaining");
        return max is { } intervalMax && intervalRemaining is { } left ? new CrmQuotaReading(intervalMax - left, intervalMax, []) : null;
    }

    public CrmAnswer ReadRefusal(HttpResponseMessage response, JsonElement body)
    {
        var status = (int)response.StatusCode;
        var root = body;
        var message = root.Text("message") ?? $"HTTP {status}";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests when root.Text("policyName") == "DAILY" => new CrmAnswer(CrmAnswerKind.Exhausted, message),
            HttpStatusCode.TooManyRequests => new CrmAnswer(CrmAnswerKind.Throttled, message, RetryAfter(response)),
            HttpStatusCode.Unauthorized => new CrmAnswer(CrmAnswerKind.ExpiredToken, root.Text("category") ?? message),
            HttpStatusCode.NotFound => new CrmAnswer(CrmAnswerKind.NotFound, message),
            _ => new CrmAnswer(
                CrmAnswerKind.Rejected,
                message,
                FieldErrors: root.Items("errors")
                    .Select(e => (Field: e.Text("context", "propertyName") ?? PropertyIn(e), Message: e.Text("message") ?? message))
                    .Where(e => e.Field is not null)
                    .GroupBy(e => PlatformFieldNames.GetValueOrDefault(e.Field!, e.Field!))
                    .ToDictionary(g => g.Key, g => g.First().Message)),
        };
    }

    /// <summary>HubSpot's 429 may carry Retry-After; otherwise the rolling window is the interval header's length.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (Header(response, "X-HubSpot-RateLimit-Interval-Milliseconds") is { } ms ? TimeSpan.FromMilliseconds(ms) : DefaultInterval);

    /// <summary>Some validation errors name the property only as <c>context.propertyName: ["email"]</c>.</summary>
    private static string? PropertyIn(System.Text.Json.JsonElement error) =>
        error.TryGetProperty("context", out var context) && context.Items("propertyName").FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.String } name
            ? name.GetString()
            : null;

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
