using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Zoho;

/// <summary>
/// Zoho CRM Contacts: lists name their <c>fields</c> (required), page by <c>page</c> for the first 2,000 records and
/// by <c>page_token</c> after, and answer 204 when nothing matches; an incremental list sends <c>If-Modified-Since</c>
/// sorted by <c>Modified_Time</c>. Writes are upserts with <c>duplicate_check_fields</c>, safe to retry.
/// </summary>
internal sealed partial class ZohoConnector(
    CrmConnectionSettings settings, CrmHttpChannel channel, ZohoFieldMapper mapper, CircuitBreakerStateProvider breaker)
    : CrmConnector(CrmKind.Zoho, channel, mapper, breaker)
{
    public const string DefaultApiVersion = "v8";

    public const int PageSize = 200;

    /// <summary>Pages reachable with <c>page</c> (2,000 records); later ones need <c>page_token</c>.</summary>
    public const int LastNumberedPage = 10;

    /// <summary>One <c>page_token</c> run reads at most 100,000 records; past that the list is started again from the last change.</summary>
    public const int TokenRunCap = 100_000;

    public static readonly IReadOnlyDictionary<ZohoDataCentre, Uri> AccountsServers = new Dictionary<ZohoDataCentre, Uri>
    {
        [ZohoDataCentre.Us] = new("https://accounts.zoho.com"),
        [ZohoDataCentre.Eu] = new("https://accounts.zoho.eu"),
        [ZohoDataCentre.In] = new("https://accounts.zoho.in"),
        [ZohoDataCentre.Au] = new("https://accounts.zoho.com.au"),
        [ZohoDataCentre.Cn] = new("https://accounts.zoho.com.cn"),
        [ZohoDataCentre.Jp] = new("https://accounts.zoho.jp"),
        [ZohoDataCentre.Ca] = new("https://accounts.zohocloud.ca"),
    };

    private readonly string _contacts = $"/crm/{settings.ApiVersion ?? DefaultApiVersion}/Contacts";

    public override async Task<CrmClient?> GetClientAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!NumericId().IsMatch(externalId))
        {
            return null;
        }

        using var answer = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{_contacts}/{externalId}")), cancellationToken, notFoundIsNull: true);
        return answer?.RootElement.Items("data").Select(mapper.MapToUnified).FirstOrDefault();
    }

    /// <summary>
    /// Cursors are <c>{since ms}~{records read in this run}~p~{page}</c> or <c>...~t~{page_token}</c>. A page token
    /// lasts 24 hours; past that the sync starts again from its last date.
    /// </summary>
    public override async Task<CrmPage> ListChangedAsync(DateTimeOffset? since, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Position(since?.ToUnixTimeMilliseconds(), 0, 1, null) : Position.Parse(cursor) ?? throw BadCursor();
        var query = $"{_contacts}?fields={Uri.EscapeDataString(string.Join(',', mapper.Fields))}&per_page={PageSize}&sort_by=Modified_Time&sort_order=asc"
            + (position.Token is { } token ? $"&page_token={Uri.EscapeDataString(token)}" : $"&page={position.Page}");
        using var answer = await Channel.SendForJsonAsync(
            api =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, query));
                if (position.SinceMs is { } ms)
                {
                    request.Headers.TryAddWithoutValidation(
                        "If-Modified-Since", DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                }

                return request;
            },
            cancellationToken);

        // 204 (nothing changed) reads as an empty object: no data, no more records.
        var root = answer!.RootElement;
        var clients = root.Items("data").Select(mapper.MapToUnified).ToList();
        var info = root.TryGetProperty("info", out var i) ? i : default;
        if (info.Text("more_records") != "true")
        {
            return new CrmPage(clients, null);
        }

        var read = position.Read + clients.Count;
        Position next;
        if (read + PageSize > TokenRunCap)
        {
            var last = clients.LastOrDefault()?.ModifiedAt?.ToUnixTimeMilliseconds() ?? position.SinceMs ?? 0;
            next = new Position(last > (position.SinceMs ?? 0) ? last : last + 1000, 0, 1, null);
        }
        else if (position.Token is null && position.Page < LastNumberedPage)
        {
            next = position with { Read = read, Page = position.Page + 1 };
        }
        else
        {
            next = info.Text("next_page_token") is { } nextToken
                ? position with { Read = read, Token = nextToken }
                : throw new CrmUnavailableException("Zoho CRM said more records follow but gave no page token.");
        }

        return new CrmPage(clients, next.ToString());
    }

    /// <summary>
    /// <c>GET /crm/v8/Contacts/deleted?type=all</c> (in the recycle bin and permanently deleted), 200 a page by
    /// <c>page</c> (cursor <c>deleted~{page}</c>), with <c>If-Modified-Since</c>; 204 when nothing was deleted.
    /// </summary>
    public override async Task<CrmDeletionPage> ListDeletedAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken)
    {
        var page = cursor switch
        {
            null => 1,
            _ when cursor.Split('~') is ["deleted", var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 => p,
            _ => throw BadCursor(),
        };
        using var answer = await Channel.SendForJsonAsync(
            api =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{_contacts}/deleted?type=all&page={page}&per_page={PageSize}"));
                request.Headers.TryAddWithoutValidation("If-Modified-Since", since.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                return request;
            },
            cancellationToken);

        // 204 (nothing deleted) reads as an empty object.
        var root = answer!.RootElement;
        var deleted = root.Items("data")
            .Select(r => (Id: r.Text("id"), At: ContactNormalization.Timestamp(r.Text("deleted_time"))))
            .Where(r => r.Id is not null && r.At >= since && r.At <= until)
            .Select(r => new CrmDeletion(r.Id!, r.At!.Value))
            .ToList();
        var more = root.TryGetProperty("info", out var info) && info.Text("more_records") == "true";
        return new CrmDeletionPage(deleted, more ? string.Create(CultureInfo.InvariantCulture, $"deleted~{page + 1}") : null);
    }

    public override async Task<string> UpsertClientAsync(CrmClient client, CancellationToken cancellationToken)
    {
        var record = mapper.MapFromUnified(client);
        if (client.ExternalId.Length > 0)
        {
            record["id"] = client.ExternalId;
        }
        else if (!settings.DuplicateCheckFields.Any(f => record[f] is JsonValue value && value.ToString().Length > 0))
        {
            throw new CrmRejectedException(
                $"A new Zoho contact needs a value in its duplicate-check fields ({string.Join(", ", settings.DuplicateCheckFields)}) so a retried write cannot duplicate it.");
        }

        var body = new JsonObject
        {
            ["data"] = new JsonArray(record),
            ["duplicate_check_fields"] = new JsonArray([.. settings.DuplicateCheckFields.Select(f => (JsonNode)f)]),
        };
        using var answer = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"{_contacts}/upsert")) { Content = JsonContent.Create(body) },
            cancellationToken);
        var result = answer!.RootElement.Items("data").FirstOrDefault();
        if (result.Text("status") != "success")
        {
            throw new CrmRejectedException($"Zoho CRM refused the contact: {result.Text("message") ?? "no reason given"}", ZohoProtocol.FieldErrors(result));
        }

        return result.Text("details", "id") ?? throw new CrmRejectedException("Zoho CRM saved the contact but returned no id.");
    }

    /// <summary>
    /// Upserts the policy into the connection's policy custom module, matched on <c>Name</c> (the policy number), so a
    /// retried create updates the record the first attempt made.
    /// </summary>
    public override async Task<string> UpsertPolicyAsync(string clientExternalId, CrmPolicy policy, CancellationToken cancellationToken)
    {
        var module = settings.PolicyObjectType ?? throw new CrmRejectedException("This Zoho connection has no policy custom module configured.");
        var body = new JsonObject
        {
            ["data"] = new JsonArray(ZohoFieldMapper.MapPolicy(policy, clientExternalId)),
            ["duplicate_check_fields"] = new JsonArray("Name"),
        };
        using var answer = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"/crm/{settings.ApiVersion ?? DefaultApiVersion}/{Uri.EscapeDataString(module)}/upsert"))
            {
                Content = JsonContent.Create(body),
            },
            cancellationToken);
        var result = answer!.RootElement.Items("data").FirstOrDefault();
        if (result.Text("status") != "success")
        {
            throw new CrmRejectedException($"Zoho CRM refused the policy: {result.Text("message") ?? "no reason given"}", ZohoProtocol.FieldErrors(result));
        }

        return result.Text("details", "id") ?? throw new CrmRejectedException("Zoho CRM saved the policy but returned no id.");
    }

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        using var answer = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{_contacts}?fields=Last_Name&per_page=1")), cancellationToken);
        return LastQuota is { Limit: { } limit, Used: { } used }
            ? string.Create(CultureInfo.InvariantCulture, $"Connected to Zoho CRM: {limit - used:N0} of {limit:N0} credits remain.")
            : "Connected to Zoho CRM (under half of today's credits used).";
    }

    [GeneratedRegex("^[0-9]{1,25}$")]
    private static partial Regex NumericId();

    private sealed record Position(long? SinceMs, int Read, int Page, string? Token)
    {
        public static Position? Parse(string cursor) => cursor.Split('~') switch
        {
            [var since, var read, "p", var page] when int.TryParse(read, out var r) && int.TryParse(page, out var p) => new Position(SinceOrNull(since), r, p, null),
            [var since, var read, "t", var token] when int.TryParse(read, out var r) && token.Length > 0 => new Position(SinceOrNull(since), r, 0, token),
            _ => null,
        };

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{SinceMs}~{Read}~") + (Token is null ? $"p~{Page}" : $"t~{Token}");

        private static long? SinceOrNull(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }
}
