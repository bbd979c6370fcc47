using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;

/// <summary>
/// Salesforce REST: bearer tokens; <c>Sforce-Limit-Info: api-usage=used/max</c> on every answer; errors as an array
/// of <c>{message, errorCode, fields}</c>; 401 <c>INVALID_SESSION_ID</c> for an expired session; 403
/// <c>REQUEST_LIMIT_EXCEEDED</c> when the org's rolling 24-hour allocation is spent (no Retry-After).
/// </summary>
internal sealed class SalesforceProtocol : ICrmProtocol
{
    private static readonly Dictionary<string, string> PlatformFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FirstName"] = ClientFields.FirstName,
        ["LastName"] = ClientFields.LastName,
        ["Email"] = ClientFields.Email,
        ["Phone"] = ClientFields.Phone,
        ["Birthdate"] = ClientFields.Birthdate,
        ["MailingStreet"] = ClientFields.Street,
        ["MailingCity"] = ClientFields.City,
        ["MailingState"] = ClientFields.State,
        ["MailingPostalCode"] = ClientFields.PostalCode,
        ["MailingCountry"] = ClientFields.Country,
        ["AccountId"] = ClientFields.Company,
    };

    public string Name => "Salesforce";

    public void Authorize(HttpRequestMessage request, string accessToken) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

    public CrmQuotaReading? ReadQuota(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Sforce-Limit-Info", out var values))
        {
            return null;
        }

        // "api-usage=10018/100000", sometimes followed by "; api-bursts=1/750".
        foreach (var part in values.SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries)))
        {
            var usage = part.StartsWith("api-usage=", StringComparison.OrdinalIgnoreCase) ? part["api-usage=".Length..].Split('/') : null;
            if (usage is [var usedText, var maxText]
                && long.TryParse(usedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var used)
                && long.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max))
            {
                return new CrmQuotaReading(used, max, [(CrmLimitWindow.Daily, Math.Max(0, max - used))]);
            }
        }

        return null;
    }

    public CrmAnswer ReadRefusal(HttpResponseMessage response, JsonElement body)
    {
        var status = (int)response.StatusCode;
        var errors = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [];
        var code = errors.Select(e => e.Text("errorCode")).FirstOrDefault() ?? "";
        var message = string.Join(" ", errors.Select(e => e.Text("message")).OfType<string>()) is { Length: > 0 } text ? text : $"HTTP {status}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CrmAnswer(CrmAnswerKind.ExpiredToken, code),
            HttpStatusCode.Forbidden when code == "REQUEST_LIMIT_EXCEEDED" => new CrmAnswer(CrmAnswerKind.Exhausted, message),
            HttpStatusCode.NotFound => new CrmAnswer(CrmAnswerKind.NotFound, message),
            _ => new CrmAnswer(CrmAnswerKind.Rejected, message, FieldErrors: FieldErrors(errors)),
        };
    }

    private static Dictionary<string, string> FieldErrors(List<JsonElement> errors) =>
        errors
            .SelectMany(e => e.Items("fields").Select(f => (Field: f.AsText() ?? "", Message: e.Text("message") ?? "")))
            .Where(e => e.Field.Length > 0)
            .GroupBy(e => PlatformFieldNames.GetValueOrDefault(e.Field, e.Field))
            .ToDictionary(g => g.Key, g => g.First().Message);
}
