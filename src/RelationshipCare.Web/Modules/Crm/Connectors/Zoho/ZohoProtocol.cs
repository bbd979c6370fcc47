using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Limits;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Zoho;

/// <summary>
/// Zoho CRM: <c>Authorization: Zoho-oauthtoken</c> (not Bearer); <c>X-API-CREDITS-REMAINING</c> once half the
/// credits are used; 429 when credits or concurrency run out (no Retry-After); errors as
/// <c>{code, details: {api_name | param_name}, message, status: "error"}</c>.
/// </summary>
internal sealed class ZohoProtocol(long? creditLimit) : ICrmProtocol
{
    private static readonly Dictionary<string, string> PlatformFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["First_Name"] = ClientFields.FirstName,
        ["Last_Name"] = ClientFields.LastName,
        ["Email"] = ClientFields.Email,
        ["Phone"] = ClientFields.Phone,
        ["Date_of_Birth"] = ClientFields.Birthdate,
        ["Mailing_Street"] = ClientFields.Street,
        ["Mailing_City"] = ClientFields.City,
        ["Mailing_State"] = ClientFields.State,
        ["Mailing_Zip"] = ClientFields.PostalCode,
        ["Mailing_Country"] = ClientFields.Country,
    };

    public string Name => "Zoho CRM";

    public void Authorize(HttpRequestMessage request, string accessToken) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", accessToken);

    public CrmQuotaReading? ReadQuota(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-API-CREDITS-REMAINING", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            ? new CrmQuotaReading(creditLimit - remaining, creditLimit, [(CrmLimitWindow.Daily, remaining)])
            : null;

    public CrmAnswer ReadRefusal(HttpResponseMessage response, JsonElement body)
    {
        var status = (int)response.StatusCode;
        // A refused write answers {"data": [{code, details, message, status}]}; other errors are that object alone.
        var error = body.Items("data").FirstOrDefault() is { ValueKind: JsonValueKind.Object } first ? first : body;
        var message = error.Text("message") ?? $"HTTP {status}";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new CrmAnswer(CrmAnswerKind.Exhausted, message),
            HttpStatusCode.Unauthorized => new CrmAnswer(CrmAnswerKind.ExpiredToken, error.Text("code") ?? message),
            HttpStatusCode.NotFound => new CrmAnswer(CrmAnswerKind.NotFound, message),
            _ => new CrmAnswer(CrmAnswerKind.Rejected, message, FieldErrors: FieldErrors(error)),
        };
    }

    /// <summary>The field an error element names (<c>details.api_name</c>), in the platform's terms.</summary>
    public static Dictionary<string, string> FieldErrors(System.Text.Json.JsonElement error) =>
        (error.Text("details", "api_name") ?? error.Text("details", "param_name")) is { } field
            ? new Dictionary<string, string> { [PlatformFieldNames.GetValueOrDefault(field, field)] = error.Text("message") ?? "is not valid." }
            : [];
}
