using System.Globalization;
using System.Text.Json.Nodes;

namespace RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;

/// <summary>
/// Zoho CRM v8 as the reference describes it: the accounts server's <c>/oauth/v2/token</c> (refresh grant, answering
/// <c>api_domain</c>), <c>Authorization: Zoho-oauthtoken</c>, Contacts lists that require <c>fields</c>, allow
/// <c>page</c> only for the first 2,000 records and <c>page_token</c> after, answer 204 when nothing matches, honour
/// <c>If-Modified-Since</c>; upsert with <c>duplicate_check_fields</c> (Contacts and the custom modules in <see cref="CustomModules"/>); credits with <c>X-API-CREDITS-REMAINING</c>
/// once half are used, and 429 when they run out.
/// </summary>
internal sealed class ZohoFake : CrmFake
{
    public const string ClientId = "1000.FAKEZOHOCLIENT";
    public const string ClientSecret = "fake-zoho-secret";
    public const string RefreshToken = "1000.fake.refresh";

    /// <summary>The Zoho user who owns the contacts the fake adds.</summary>
    public const string OwnerId = "4150868000000225013";

    /// <summary>The API name of the org's policy custom module (present in <see cref="CustomModules"/> from the start).</summary>
    public const string PolicyModule = "Policies";

    private readonly HashSet<string> _tokens = [];
    private readonly Dictionary<string, List<JsonObject>> _pageTokens = [];
    private long _nextId = 4_150_868_000_000_002_175;

    public long Credits { get; set; } = 50_000;

    public long CreditsUsed { get; set; }

    public SortedDictionary<string, JsonObject> Contacts { get; } = new(StringComparer.Ordinal);

    /// <summary>The org's custom modules by API name (such as the policy module), with their records by id.</summary>
    public Dictionary<string, SortedDictionary<string, JsonObject>> CustomModules { get; } = new(StringComparer.Ordinal)
    {
        [PolicyModule] = new(StringComparer.Ordinal),
    };

    public int TokensIssued { get; private set; }

    /// <summary>Deleted contacts as <c>/Contacts/deleted</c> answers them: id, display_name, type (recycle or permanent), deleted_by, deleted_time.</summary>
    public List<JsonObject> Deleted { get; } = [];

    /// <summary>Deletes a contact into the recycle bin (or for good).</summary>
    public void DeleteContact(string id, DateTimeOffset at, bool permanently = false)
    {
        Contacts.Remove(id, out var contact);
        var deletedBy = Object(("name", "Patricia Boyle"), ("id", "4150868000000225013"));
        Deleted.Add(Object(
            ("deleted_by", deletedBy), ("id", id), ("display_name", $"{contact!["First_Name"]} {contact["Last_Name"]}"),
            ("type", permanently ? "permanent" : "recycle"), ("created_by", deletedBy.DeepClone()), ("deleted_time", Stamp(at))));
    }

    public void ExpireTokens() => _tokens.Clear();

    public string AddContact(string firstName, string lastName, string email, DateTimeOffset modified)
    {
        var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
        Contacts[id] = new JsonObject
        {
            ["id"] = id,
            ["Owner"] = Object(("name", "Patricia Boyle"), ("id", OwnerId), ("email", "patricia.boyle@example.com")),
            ["First_Name"] = firstName, ["Last_Name"] = lastName, ["Email"] = email, ["Phone"] = "+1-555-123-4567",
            ["Account_Name"] = Object(("name", "Zylker"), ("id", "4150868000000300001")),
            ["Created_Time"] = Stamp(modified), ["Modified_Time"] = Stamp(modified),
        };
        return id;
    }

    protected override bool IsTokenEndpoint(FakeRequest request) => request.Path == "/oauth/v2/token";

    protected override FakeAnswer Handle(FakeRequest request)
    {
        if (IsTokenEndpoint(request))
        {
            return Token(request);
        }

        if (request.Token("Zoho-oauthtoken") is not { } token || !_tokens.Contains(token))
        {
            return Error(401, "INVALID_TOKEN", "invalid oauth token");
        }

        if (CreditsUsed >= Credits)
        {
            return Error(429, "TOO_MANY_REQUESTS", "You have reached the API credit limit for the day.");
        }

        CreditsUsed++;
        var answer = Route(request);
        return CreditsUsed * 2 >= Credits
            ? answer with { Headers = new Dictionary<string, string> { ["X-API-CREDITS-REMAINING"] = (Credits - CreditsUsed).ToString(CultureInfo.InvariantCulture) } }
            : answer;
    }

    private FakeAnswer Route(FakeRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, segments) switch
        {
            ("GET", ["crm", "v8", "Contacts"]) => List(request),
            ("GET", ["crm", "v8", "Contacts", "deleted"]) => DeletedList(request),
            ("GET", ["crm", "v8", "Contacts", var id]) => Contacts.TryGetValue(id, out var contact)
                ? new FakeAnswer(200, Object(("data", new JsonArray(contact.DeepClone()))))
                : FakeAnswer.NoContent,
            ("POST", ["crm", "v8", "Contacts", "upsert"]) => Upsert(Contacts, request.Json!, "Email"),
            ("POST", ["crm", "v8", var module, "upsert"]) => CustomModules.TryGetValue(module, out var records)
                ? Upsert(records, request.Json!, "Name")
                : Error(400, "INVALID_MODULE", "the module name given seems to be invalid", ("module", module)),
            _ => Error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one"),
        };
    }

    private FakeAnswer List(FakeRequest request)
    {
        if (string.IsNullOrEmpty(request.Query["fields"]))
        {
            return Error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", ("param_name", "fields"));
        }

        var perPage = int.Parse(request.Query["per_page"] ?? "200", CultureInfo.InvariantCulture);
        List<JsonObject> matches;
        int offset;
        if (request.Query["page_token"] is { } pageToken)
        {
            var parts = pageToken.Split('-');
            if (parts.Length != 2 || !_pageTokens.TryGetValue(parts[0], out matches!))
            {
                return Error(400, "INVALID_DATA", "invalid page token", ("param_name", "page_token"));
            }

            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (offset >= 100_000)
            {
                return Error(400, "PAGINATION_LIMIT_EXCEEDED", "You can only get upto 100000 records using page_token param", ("param_name", "page_token"));
            }
        }
        else
        {
            var page = int.Parse(request.Query["page"] ?? "1", CultureInfo.InvariantCulture);
            offset = (page - 1) * perPage;
            if (offset + perPage > 2000)
            {
                return Error(400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get upto 2000 records using page param; use page_token", ("param_name", "page"));
            }

            var since = request.Header("If-Modified-Since") is { } header ? DateTimeOffset.Parse(header, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
            matches = [.. Contacts.Values
                .Where(c => DateTimeOffset.Parse(c["Modified_Time"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since)
                .OrderBy(c => DateTimeOffset.Parse(c["Modified_Time"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ThenBy(c => c["id"]!.GetValue<string>(), StringComparer.Ordinal)];
        }

        var data = matches.Skip(offset).Take(perPage).ToList();
        if (data.Count == 0)
        {
            return FakeAnswer.NoContent;
        }

        var key = Guid.NewGuid().ToString("N")[..10];
        _pageTokens[key] = matches;
        var more = offset + data.Count < matches.Count;
        var fields = request.Query["fields"]!.Split(',').Append("id").ToHashSet();
        return new FakeAnswer(200, Object(
            ("data", new JsonArray([.. data.Select(c => (JsonNode)Project(c, fields))])),
            ("info", Object(
                ("call", false), ("per_page", perPage), ("count", data.Count), ("sort_by", "Modified_Time"), ("sort_order", "asc"),
                ("page", request.Query["page"] is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null),
                ("next_page_token", more ? $"{key}-{offset + data.Count}" : null),
                ("previous_page_token", null), ("page_token_expiry", Stamp(DateTimeOffset.UtcNow.AddDays(1))),
                ("more_records", more)))));
    }

    /// <summary>
    /// Deleted records: <c>type</c> all, recycle or permanent; <c>page</c> and <c>per_page</c> (at most 200);
    /// <c>If-Modified-Since</c> keeps those deleted since; 204 when there are none.
    /// </summary>
    private FakeAnswer DeletedList(FakeRequest request)
    {
        var type = request.Query["type"] ?? "all";
        if (type is not ("all" or "recycle" or "permanent"))
        {
            return Error(400, "INVALID_DATA", "invalid data", ("param_name", "type"));
        }

        var perPage = Math.Min(int.Parse(request.Query["per_page"] ?? "200", CultureInfo.InvariantCulture), 200);
        var page = int.Parse(request.Query["page"] ?? "1", CultureInfo.InvariantCulture);
        var since = request.Header("If-Modified-Since") is { } header ? DateTimeOffset.Parse(header, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
        var matches = Deleted
            .Where(d => type == "all" || d["type"]!.GetValue<string>() == type)
            .Where(d => DateTimeOffset.Parse(d["deleted_time"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since)
            .ToList();
        var data = matches.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (data.Count == 0)
        {
            return FakeAnswer.NoContent;
        }

        var more = (page - 1) * perPage + data.Count < matches.Count;
        return new FakeAnswer(200, Object(
            ("data", new JsonArray([.. data.Select(d => (JsonNode)d.DeepClone())])),
            ("info", Object(("per_page", perPage), ("count", data.Count), ("page", page), ("more_records", more)))));
    }

    /// <summary>An upsert into <paramref name="records"/>, matching on the duplicate-check fields (or the module's system one).</summary>
    private FakeAnswer Upsert(IDictionary<string, JsonObject> records, JsonNode body, string systemCheckField)
    {
        var checks = body["duplicate_check_fields"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [systemCheckField];
        var results = new JsonArray();
        foreach (var record in body["data"]!.AsArray().Select(r => r!.AsObject()))
        {
            if (record["Email"]?.GetValue<string>() is { } email && !email.Contains('@', StringComparison.Ordinal))
            {
                results.Add(Object(("code", "INVALID_DATA"), ("details", Object(("api_name", "Email"), ("expected_data_type", "email"))), ("message", "invalid data"), ("status", "error")));
                continue;
            }

            var existing = record["id"]?.GetValue<string>() is { } id && records.TryGetValue(id, out var byId)
                ? byId
                : records.Values.FirstOrDefault(c => checks.Any(f =>
                    record[f]?.GetValue<string>() is { Length: > 0 } value && string.Equals(c[f]?.GetValue<string>(), value, StringComparison.OrdinalIgnoreCase)));
            var action = existing is null ? "insert" : "update";
            var target = existing ?? new JsonObject { ["id"] = (_nextId++).ToString(CultureInfo.InvariantCulture), ["Created_Time"] = Stamp(DateTimeOffset.UtcNow) };
            foreach (var (name, value) in record)
            {
                target[name] = value?.DeepClone();
            }

            target["Modified_Time"] = Stamp(DateTimeOffset.UtcNow);
            records[target["id"]!.GetValue<string>()] = target;
            results.Add(Object(
                ("code", "SUCCESS"), ("duplicate_field", existing is null ? null : checks[0]), ("action", action),
                ("details", Object(("Modified_Time", target["Modified_Time"]!.GetValue<string>()), ("id", target["id"]!.GetValue<string>()))),
                ("message", existing is null ? "record added" : "record updated"), ("status", "success")));
        }

        return new FakeAnswer(results.Any(r => r!["status"]!.GetValue<string>() == "error") ? 400 : 200, Object(("data", results)));
    }

    private FakeAnswer Token(FakeRequest request)
    {
        if (request.Form["grant_type"] != "refresh_token" || request.Form["refresh_token"] != RefreshToken
            || request.Form["client_id"] != ClientId || request.Form["client_secret"] != ClientSecret)
        {
            // Zoho answers a bad grant with 200 and an error field.
            return new FakeAnswer(200, Object(("error", "invalid_code")));
        }

        var token = $"1000.{Guid.NewGuid():N}";
        _tokens.Add(token);
        TokensIssued++;
        return new FakeAnswer(200, Object(
            ("access_token", token), ("scope", "ZohoCRM.modules.ALL"), ("api_domain", Url.GetLeftPart(UriPartial.Authority)),
            ("token_type", "Bearer"), ("expires_in", 3600)));
    }

    private static JsonObject Project(JsonObject contact, HashSet<string> fields)
    {
        var record = new JsonObject();
        foreach (var (name, value) in contact.Where(p => fields.Contains(p.Key)))
        {
            record[name] = value?.DeepClone();
        }

        return record;
    }

    private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static FakeAnswer Error(int status, string code, string message, params (string Name, JsonNode? Value)[] details) =>
        new(status, Object(("code", code), ("details", Object(details)), ("message", message), ("status", "error")));
}
