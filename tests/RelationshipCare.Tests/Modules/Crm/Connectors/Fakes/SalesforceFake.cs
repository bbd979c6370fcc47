using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;

/// <summary>
/// Salesforce REST as the reference describes it: the OAuth token endpoint (client credentials and JWT bearer,
/// answering <c>instance_url</c>), SOQL queries paged by <c>nextRecordsUrl</c>, sObject create/update/upsert by external
/// id, <c>Sforce-Limit-Info</c> on every API answer, 403 REQUEST_LIMIT_EXCEEDED past the org's allocation and 401
/// INVALID_SESSION_ID for a token it no longer knows. Understands the SOQL shapes the connector sends.
/// </summary>
internal sealed partial class SalesforceFake : CrmFake
{
    public const string ClientId = "3MVG9-fake-consumer-key";
    public const string ClientSecret = "fake-consumer-secret";
    public const string Username = "integration@agency.example";

    /// <summary>The Salesforce user who owns the contacts the fake adds.</summary>
    public const string OwnerId = "005D0000001QX8WIAW";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'";

    private readonly HashSet<string> _tokens = [];
    private readonly Dictionary<string, JsonObject> _recycleBin = [];
    private readonly Dictionary<string, List<JsonObject>> _cursors = [];
    private int _nextId = 1;

    public SalesforceFake()
    {
        Signer = RSA.Create(2048);
    }

    /// <summary>The connected app certificate's key pair; the fake checks JWT assertions against its public half.</summary>
    public RSA Signer { get; }

    public long MaxRequests { get; set; } = 100_000;

    public long UsedRequests { get; set; }

    public int QueryPageSize { get; set; } = 2000;

    public Dictionary<string, JsonObject> Contacts { get; } = [];

    public Dictionary<string, JsonObject> Accounts { get; } = [];

    public Dictionary<string, JsonObject> Policies { get; } = [];

    /// <summary>The delete log: contact id → when it was deleted (in the recycle bin, restorable).</summary>
    public Dictionary<string, DateTimeOffset> DeletedContacts { get; } = [];

    /// <summary>Deletes a contact: it leaves queries and enters the delete log that <c>/sobjects/Contact/deleted/</c> reads.</summary>
    public void DeleteContact(string id, DateTimeOffset at)
    {
        Contacts.Remove(id, out var contact);
        _recycleBin[id] = contact!;
        DeletedContacts[id] = at;
    }

    /// <summary>Undeletes a contact from the recycle bin: it is back, modified now, and out of the delete log.</summary>
    public void RestoreContact(string id, DateTimeOffset at)
    {
        _recycleBin.Remove(id, out var contact);
        DeletedContacts.Remove(id);
        contact!["LastModifiedDate"] = at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        Contacts[id] = contact;
    }

    /// <summary>Forgets every token it issued: the next API call with one is a 401 INVALID_SESSION_ID.</summary>
    public void ExpireSessions()
    {
        lock (_tokens)
        {
            _tokens.Clear();
        }
    }

    public string AddContact(string firstName, string lastName, DateTimeOffset modified, string? email = null, string? accountId = null)
    {
        var id = NewId("003");
        Contacts[id] = new JsonObject
        {
            ["Id"] = id, ["FirstName"] = firstName, ["LastName"] = lastName, ["Email"] = email, ["Phone"] = "415-555-0100",
            ["AccountId"] = accountId, ["OwnerId"] = OwnerId, ["MailingState"] = "CA",
            ["LastModifiedDate"] = modified.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        };
        return id;
    }

    public string AddAccount(string name)
    {
        var id = NewId("001");
        Accounts[id] = new JsonObject { ["Id"] = id, ["Name"] = name };
        return id;
    }

    public string AddPolicy(string insuredAccountId, string number, string type)
    {
        var id = NewId("0YT");
        Policies[id] = new JsonObject
        {
            ["Id"] = id, ["Name"] = number, ["PolicyType"] = type, ["PremiumAmount"] = 1234.5m, ["EffectiveDate"] = "2026-01-01",
            ["ExpirationDate"] = "2027-01-01", ["Status"] = "Active", ["NameInsuredId"] = insuredAccountId,
        };
        return id;
    }

    public string JwtBearerPrivateKeyPem() => Signer.ExportPkcs8PrivateKeyPem();

    protected override bool IsTokenEndpoint(FakeRequest request) => request.Path == "/services/oauth2/token";

    protected override FakeAnswer Handle(FakeRequest request)
    {
        if (IsTokenEndpoint(request))
        {
            return Token(request);
        }

        bool known;
        lock (_tokens)
        {
            known = request.Token("Bearer") is { } token && _tokens.Contains(token);
        }

        if (!known)
        {
            return Errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }

        UsedRequests++;
        var limitInfo = new Dictionary<string, string> { ["Sforce-Limit-Info"] = $"api-usage={UsedRequests}/{MaxRequests}" };
        if (UsedRequests > MaxRequests)
        {
            return Errors(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.") with { Headers = limitInfo };
        }

        var answer = Route(request);
        return answer with { Headers = limitInfo };
    }

    private FakeAnswer Route(FakeRequest request)
    {
        var path = DataPath().Match(request.Path);
        if (!path.Success)
        {
            return Errors(404, "NOT_FOUND", "The requested resource does not exist");
        }

        var segments = path.Groups["rest"].Value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, segments) switch
        {
            ("GET", ["limits"]) => new FakeAnswer(200, Object(("DailyApiRequests", Object(("Max", MaxRequests), ("Remaining", MaxRequests - UsedRequests))))),
            ("GET", ["query"]) => Query(request.Query["q"] ?? ""),
            ("GET", ["sobjects", "Contact", "deleted"]) => Deleted(request.Query["start"], request.Query["end"]),
            ("GET", ["query", var locator]) => NextChunk(locator),
            ("PATCH", ["sobjects", "Contact", var id]) => Update(Contacts, id, request.Json as JsonObject),
            ("PATCH", ["sobjects", "InsurancePolicy", var id]) => Update(Policies, id, request.Json as JsonObject),
            ("POST", ["sobjects", "InsurancePolicy"]) => Create(Policies, "0YT", request.Json as JsonObject),
            ("PATCH", ["sobjects", "Contact", var field, var value]) => Upsert(Contacts, "003", field, value, request.Json as JsonObject),
            ("PATCH", ["sobjects", "Account", var field, var value]) => Upsert(Accounts, "001", field, value, request.Json as JsonObject),
            ("PATCH", ["sobjects", "InsurancePolicy", var field, var value]) => Upsert(Policies, "0YT", field, value, request.Json as JsonObject),
            ("GET", ["sobjects", "Account", var field, var value]) =>
                Accounts.Values.FirstOrDefault(a => a[field]?.GetValue<string>() == value) is { } account
                    ? new FakeAnswer(200, Object(("Id", account["Id"]!.GetValue<string>())))
                    : Errors(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible"),
            _ => Errors(404, "NOT_FOUND", "The requested resource does not exist"),
        };
    }

    private FakeAnswer Token(FakeRequest request)
    {
        var grant = request.Form["grant_type"];
        var accepted = grant switch
        {
            "client_credentials" => request.Form["client_id"] == ClientId && request.Form["client_secret"] == ClientSecret,
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => ValidAssertion(request.Form["assertion"]),
            _ => false,
        };
        if (!accepted)
        {
            return new FakeAnswer(400, Object(("error", "invalid_grant"), ("error_description", "authentication failure")));
        }

        var token = $"00D000000000001!{Guid.NewGuid():N}";
        lock (_tokens)
        {
            _tokens.Add(token);
        }

        return new FakeAnswer(200, Object(
            ("access_token", token),
            ("signature", "fake-signature"),
            ("instance_url", Url.GetLeftPart(UriPartial.Authority)),
            ("id", "https://login.salesforce.com/id/00D000000000001/005000000000001"),
            ("token_type", "Bearer"),
            ("issued_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))));
    }

    private bool ValidAssertion(string? assertion)
    {
        var parts = assertion?.Split('.') ?? [];
        if (parts.Length != 3)
        {
            return false;
        }

        var signed = Signer.VerifyData(
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!;
        return signed
            && claims["iss"]?.GetValue<string>() == ClientId
            && claims["sub"]?.GetValue<string>() == Username
            && claims["aud"]?.GetValue<string>() == Url.GetLeftPart(UriPartial.Authority)
            && claims["exp"]?.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    private FakeAnswer Query(string soql)
    {
        var query = Soql().Match(soql);
        if (!query.Success)
        {
            return Errors(400, "MALFORMED_QUERY", $"unexpected token: {soql}");
        }

        var fields = query.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries);
        var sobject = query.Groups["object"].Value;
        var table = sobject switch { "Contact" => Contacts, "InsurancePolicy" => Policies, _ => null };
        if (table is null)
        {
            return Errors(400, "INVALID_TYPE", $"sObject type '{sobject}' is not supported.");
        }

        IEnumerable<JsonObject> rows = table.Values;
        foreach (var condition in query.Groups["where"].Success ? query.Groups["where"].Value.Split(" AND ") : [])
        {
            rows = rows.Where(Matches(condition)).ToList();
        }

        if (query.Groups["order"].Success)
        {
            rows = rows.OrderBy(r => r["LastModifiedDate"]?.GetValue<string>(), StringComparer.Ordinal).ThenBy(r => r["Id"]!.GetValue<string>(), StringComparer.Ordinal);
        }

        if (query.Groups["limit"].Success)
        {
            rows = rows.Take(int.Parse(query.Groups["limit"].Value, CultureInfo.InvariantCulture));
        }

        var records = rows.Select(r => Project(sobject, r, fields)).ToList();
        return Chunk(Guid.NewGuid().ToString("N")[..12], records, 0);
    }

    private FakeAnswer NextChunk(string locator)
    {
        var parts = locator.Split('-');
        return parts.Length == 2 && _cursors.TryGetValue(parts[0], out var records) && int.TryParse(parts[1], out var offset)
            ? Chunk(parts[0], records, offset)
            : Errors(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }

    private FakeAnswer Chunk(string locator, List<JsonObject> records, int offset)
    {
        _cursors[locator] = records;
        var page = records.Skip(offset).Take(QueryPageSize).Select(r => (JsonNode)r.DeepClone()).ToArray();
        var done = offset + page.Length >= records.Count;
        var body = Object(("totalSize", records.Count), ("done", done), ("records", new JsonArray(page)));
        if (!done)
        {
            body["nextRecordsUrl"] = $"/services/data/v66.0/query/{locator}-{offset + page.Length}";
        }

        return new FakeAnswer(200, body);
    }

    private JsonObject Project(string sobject, JsonObject row, string[] fields)
    {
        var id = row["Id"]!.GetValue<string>();
        var record = Object(("attributes", Object(("type", sobject), ("url", $"/services/data/v66.0/sobjects/{sobject}/{id}"))));
        foreach (var field in fields)
        {
            if (field.Split('.') is [var relation, var nested])
            {
                var parentId = row[relation + "Id"]?.GetValue<string>();
                record[relation] = parentId is not null && Accounts.TryGetValue(parentId, out var parent)
                    ? Object(("attributes", Object(("type", "Account"))), (nested, parent[nested]?.DeepClone()))
                    : null;
            }
            else
            {
                record[field] = row[field]?.DeepClone();
            }
        }

        return record;
    }

    private static Func<JsonObject, bool> Matches(string condition)
    {
        var inList = InCondition().Match(condition);
        if (inList.Success)
        {
            var values = inList.Groups["values"].Value.Split(',').Select(v => v.Trim('\'', ' ')).ToHashSet();
            return r => r[inList.Groups["field"].Value]?.GetValue<string>() is { } v && values.Contains(v);
        }

        var compare = Comparison().Match(condition);
        var field = compare.Groups["field"].Value;
        var value = compare.Groups["value"].Value;
        if (compare.Groups["op"].Value == ">=")
        {
            var from = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
            return r => ParseTimestamp(r[field]?.GetValue<string>()) >= from;
        }

        var text = value.Trim('\'').Replace("\\'", "'", StringComparison.Ordinal);
        return r => r[field]?.GetValue<string>() == text;
    }

    /// <summary>
    /// sObject Get Deleted: both dates required, the start no more than 30 days back (Salesforce ignores the seconds);
    /// answers <c>deletedRecords</c>, <c>earliestDateAvailable</c> and <c>latestDateCovered</c> (the end date).
    /// </summary>
    private FakeAnswer Deleted(string? startText, string? endText)
    {
        if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, out var start) || !DateTimeOffset.TryParse(endText, CultureInfo.InvariantCulture, out var end))
        {
            return Errors(400, "MALFORMED_QUERY", "start and end are required date-times");
        }

        if (start < DateTimeOffset.UtcNow.AddDays(-30) || start > end)
        {
            return Errors(400, "INVALID_REPLICATION_DATE", "startDate must be chronologically within 30 days of the current date and before endDate");
        }

        start = Minute(start);
        end = Minute(end);
        var format = "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'";
        var deleted = DeletedContacts.Where(d => d.Value >= start && d.Value <= end).OrderBy(d => d.Value)
            .Select(d => (JsonNode)Object(("id", d.Key), ("deletedDate", d.Value.UtcDateTime.ToString(format, CultureInfo.InvariantCulture))));
        return new FakeAnswer(200, Object(
            ("deletedRecords", new JsonArray([.. deleted])),
            ("earliestDateAvailable", DateTimeOffset.UtcNow.AddDays(-15).UtcDateTime.ToString(format, CultureInfo.InvariantCulture)),
            ("latestDateCovered", end.UtcDateTime.ToString(format, CultureInfo.InvariantCulture))));

        static DateTimeOffset Minute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, at.Offset);
    }

    private FakeAnswer Update(Dictionary<string, JsonObject> table, string id, JsonObject? body)
    {
        if (!table.TryGetValue(id, out var record))
        {
            return Errors(404, "NOT_FOUND", "The requested resource does not exist");
        }

        if (Invalid(body, requireLastName: false) is { } invalid)
        {
            return invalid;
        }

        Write(record, body!);
        return FakeAnswer.NoContent;
    }

    private FakeAnswer Create(Dictionary<string, JsonObject> table, string prefix, JsonObject? body)
    {
        if (Invalid(body, requireLastName: false) is { } invalid)
        {
            return invalid;
        }

        var id = NewId(prefix);
        table[id] = new JsonObject { ["Id"] = id };
        Write(table[id], body!);
        return new FakeAnswer(201, Object(("id", id), ("errors", new JsonArray()), ("success", true)));
    }

    private FakeAnswer Upsert(Dictionary<string, JsonObject> table, string prefix, string field, string value, JsonObject? body)
    {
        var matches = table.Values.Where(r => r[field]?.GetValue<string>() == value).ToList();
        if (matches.Count > 1)
        {
            return new FakeAnswer(300, new JsonArray([.. matches.Select(m => (JsonNode)$"/services/data/v66.0/sobjects/{prefix}/{m["Id"]}")]));
        }

        if (Invalid(body, requireLastName: matches.Count == 0 && prefix == "003") is { } invalid)
        {
            return invalid;
        }

        var created = matches.Count == 0;
        var record = created ? new JsonObject { ["Id"] = NewId(prefix), [field] = value } : matches[0];
        table[record["Id"]!.GetValue<string>()] = record;
        Write(record, body!);
        return new FakeAnswer(created ? 201 : 200, Object(("id", record["Id"]!.GetValue<string>()), ("success", true), ("errors", new JsonArray()), ("created", created)));
    }

    private static FakeAnswer? Invalid(JsonObject? body, bool requireLastName)
    {
        if (body is null)
        {
            return Errors(400, "JSON_PARSER_ERROR", "The request body is not valid JSON.");
        }

        if (body.ContainsKey("Id"))
        {
            return Errors(400, "INVALID_FIELD", "The Id field should not be specified in the sobject data.");
        }

        if (body["Email"]?.GetValue<string>() is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            return Errors(400, "INVALID_EMAIL_ADDRESS", $"Email: invalid email address: {email}", "Email");
        }

        return requireLastName && string.IsNullOrEmpty(body["LastName"]?.GetValue<string>())
            ? Errors(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", "LastName")
            : null;
    }

    private static void Write(JsonObject record, JsonObject body)
    {
        foreach (var (name, value) in body)
        {
            record[name] = value?.DeepClone();
        }

        record["LastModifiedDate"] = DateTimeOffset.UtcNow.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
    }

    private static FakeAnswer Errors(int status, string code, string message, params string[] fields) =>
        new(status, new JsonArray(Object(("message", message), ("errorCode", code), ("fields", new JsonArray([.. fields.Select(f => (JsonNode)f)])))));

    private static DateTimeOffset? ParseTimestamp(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value.Insert(value.Length - 2, ":"), CultureInfo.InvariantCulture);

    private string NewId(string prefix) => $"{prefix}{_nextId++:D12}AAA";

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    [GeneratedRegex("^/services/data/v[0-9]+\\.[0-9]/(?<rest>.*)$")]
    private static partial Regex DataPath();

    [GeneratedRegex("^SELECT (?<fields>.+?) FROM (?<object>\\w+)(?: WHERE (?<where>.+?))?(?: ORDER BY (?<order>.+?))?(?: LIMIT (?<limit>\\d+))?$")]
    private static partial Regex Soql();

    [GeneratedRegex("^(?<field>\\w+) IN \\((?<values>.*)\\)$")]
    private static partial Regex InCondition();

    [GeneratedRegex("^(?<field>\\w+) (?<op>=|>=) (?<value>.+)$")]
    private static partial Regex Comparison();
}
