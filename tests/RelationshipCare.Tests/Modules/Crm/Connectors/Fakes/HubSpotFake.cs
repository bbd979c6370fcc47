using System.Globalization;
using System.Text.Json.Nodes;

namespace RelationshipCare.Tests.Modules.Crm.Connectors.Fakes;

/// <summary>
/// HubSpot CRM v3 as the reference describes it: bearer tokens (a private app's, or OAuth tokens from
/// <c>/oauth/v1/token</c>), contacts listed with the <c>after</c> cursor, search capped at 10,000 results, batch reads,
/// associations to a policy custom object, <c>X-HubSpot-RateLimit-*</c> headers on every answer and 429 with
/// <c>policyName</c> TEN_SECONDLY_ROLLING or DAILY once a limit is passed.
/// </summary>
internal sealed class HubSpotFake : CrmFake
{
    public const string PrivateAppToken = "pat-na1-fake-private-app-token";
    public const string ClientId = "fake-hubspot-client";
    public const string ClientSecret = "fake-hubspot-secret";
    public const string RefreshToken = "fake-hubspot-refresh-token";
    public const string PolicyType = "2-7654321";

    private readonly HashSet<string> _oauthTokens = [];
    private readonly Queue<DateTimeOffset> _recent = new();
    private long _nextId = 5000;

    public int BurstLimit { get; set; } = 190;

    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromSeconds(10);

    public long DailyLimit { get; set; } = 650_000;

    public long DailyUsed { get; set; }

    /// <summary>What a 429 for the 10-second window says in Retry-After (HubSpot may leave it out).</summary>
    public TimeSpan? RetryAfter { get; set; }

    public int TooManyRequests { get; private set; }

    public SortedDictionary<long, JsonObject> Contacts { get; } = [];

    public Dictionary<string, JsonObject> Policies { get; } = [];

    /// <summary>Contact id → policy ids.</summary>
    public Dictionary<string, List<string>> Associations { get; } = [];

    /// <summary>Archived contacts (HubSpot's recycle bin, restorable for 90 days): out of lists and searches, listed with <c>archived=true</c>.</summary>
    public SortedDictionary<long, JsonObject> Archived { get; } = [];

    public void ExpireTokens() => _oauthTokens.Clear();

    /// <summary>Archives a contact as <c>DELETE /crm/v3/objects/contacts/{id}</c> does.</summary>
    public void ArchiveContact(string id, DateTimeOffset at)
    {
        var key = long.Parse(id, CultureInfo.InvariantCulture);
        Contacts.Remove(key, out var contact);
        contact!["archived"] = true;
        contact["archivedAt"] = Stamp(at);
        Archived[key] = contact;
    }

    /// <summary>Restores an archived contact: live again, with its modified date moved to now.</summary>
    public void RestoreContact(string id, DateTimeOffset at)
    {
        var key = long.Parse(id, CultureInfo.InvariantCulture);
        Archived.Remove(key, out var contact);
        contact!["archived"] = false;
        contact.Remove("archivedAt");
        contact["updatedAt"] = Stamp(at);
        contact["properties"]!["lastmodifieddate"] = Stamp(at);
        Contacts[key] = contact;
    }

    public string AddContact(string firstName, string lastName, string email, DateTimeOffset modified)
    {
        var id = _nextId++;
        Contacts[id] = Record(id.ToString(CultureInfo.InvariantCulture), modified, new JsonObject
        {
            ["firstname"] = firstName, ["lastname"] = lastName, ["email"] = email, ["phone"] = "5551234567", ["company"] = "Acme Corporation",
        });
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public string AddPolicy(string contactId, string number)
    {
        var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
        Policies[id] = Record(id, DateTimeOffset.UtcNow, new JsonObject
        {
            ["policy_number"] = number, ["line_of_business"] = "auto", ["carrier"] = "Acme Mutual", ["premium"] = "1200.50",
            ["effective_date"] = "2026-03-01", ["expiration_date"] = "2027-03-01", ["status"] = "Active",
        });
        Associations.TryAdd(contactId, []);
        Associations[contactId].Add(id);
        return id;
    }

    protected override bool IsTokenEndpoint(FakeRequest request) => request.Path == "/oauth/v1/token";

    protected override FakeAnswer Handle(FakeRequest request)
    {
        if (IsTokenEndpoint(request))
        {
            return Token(request);
        }

        var token = request.Token("Bearer");
        if (token is null || (token != PrivateAppToken && !_oauthTokens.Contains(token)))
        {
            return Error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.");
        }

        var now = DateTimeOffset.UtcNow;
        while (_recent.Count > 0 && _recent.Peek() <= now - BurstWindow)
        {
            _recent.Dequeue();
        }

        if (DailyUsed >= DailyLimit)
        {
            TooManyRequests++;
            return WithLimits(RateLimited("DAILY", "You have reached your daily limit."));
        }

        if (_recent.Count >= BurstLimit)
        {
            TooManyRequests++;
            var limited = RateLimited("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.");
            return WithLimits(RetryAfter is { } wait
                ? limited with { Headers = new Dictionary<string, string> { ["Retry-After"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) } }
                : limited);
        }

        _recent.Enqueue(now);
        DailyUsed++;
        return WithLimits(Route(request));
    }

    private FakeAnswer Route(FakeRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, segments) switch
        {
            ("GET", ["crm", "v3", "objects", "contacts"]) => List(request),
            ("POST", ["crm", "v3", "objects", "contacts", "search"]) => Search(request.Json!),
            ("POST", ["crm", "v3", "objects", "contacts"]) => Create(request.Json!),
            ("GET", ["crm", "v3", "objects", "contacts", var id]) => long.TryParse(id, out var key) && Contacts.TryGetValue(key, out var contact)
                ? new FakeAnswer(200, contact.DeepClone())
                : NotFound(),
            ("PATCH", ["crm", "v3", "objects", "contacts", var id]) => Update(id, request.Json!),
            ("POST", ["crm", "v3", "associations", "contacts", PolicyType, "batch", "read"]) => AssociationsOf(request.Json!),
            ("POST", ["crm", "v3", "objects", PolicyType, "batch", "read"]) => new FakeAnswer(200, Object(
                ("status", "COMPLETE"),
                ("results", new JsonArray([.. request.Json!["inputs"]!.AsArray()
                    .Select(i => i!["id"]!.GetValue<string>()).Where(Policies.ContainsKey).Select(id => Policies[id].DeepClone())])))),
            ("GET", ["crm", "v3", "objects", PolicyType, var number]) when request.Query["idProperty"] == "policy_number" =>
                Policies.Values.FirstOrDefault(p => p["properties"]!["policy_number"]!.GetValue<string>() == number) is { } policy
                    ? new FakeAnswer(200, policy.DeepClone())
                    : NotFound(),
            ("POST", ["crm", "v3", "objects", PolicyType]) => CreatePolicy(request.Json!),
            ("PATCH", ["crm", "v3", "objects", PolicyType, var id]) when Policies.TryGetValue(id, out var policy) =>
                new FakeAnswer(200, Merge(policy, request.Json!).DeepClone()),
            ("PUT", ["crm", "v4", "objects", PolicyType, var policyId, "associations", "default", "contacts", var contactId]) =>
                Associate(contactId, policyId),
            _ => NotFound(),
        };
    }

    /// <summary>Lists live contacts, or with <c>archived=true</c> only the archived ones (with <c>archivedAt</c>).</summary>
    private FakeAnswer List(FakeRequest request)
    {
        var limit = Math.Min(int.Parse(request.Query["limit"] ?? "10", CultureInfo.InvariantCulture), 100);
        var after = long.TryParse(request.Query["after"], out var a) ? a : 0;
        var source = request.Query["archived"] == "true" ? Archived : Contacts;
        var page = source.Where(c => c.Key >= after).Take(limit + 1).ToList();
        var body = Object(("results", new JsonArray([.. page.Take(limit).Select(c => c.Value.DeepClone())])));
        if (page.Count > limit)
        {
            var next = page[^1].Key.ToString(CultureInfo.InvariantCulture);
            body["paging"] = Object(("next", Object(("after", next), ("link", $"{Url}crm/v3/objects/contacts?limit={limit}&after={next}"))));
        }

        return new FakeAnswer(200, body);
    }

    private FakeAnswer Search(JsonNode body)
    {
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var after = int.Parse(body["after"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        if (after + limit > 10_000)
        {
            return Error(400, "VALIDATION_ERROR", "There was a problem with the request.");
        }

        var filter = body["filterGroups"]![0]!["filters"]![0]!;
        var since = long.Parse(filter["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var matches = Contacts.Values
            .Where(c => Modified(c) >= since)
            .OrderBy(Modified).ThenBy(c => long.Parse(c["id"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .ToList();
        var page = matches.Skip(after).Take(limit).Select(c => c.DeepClone()).ToArray();
        var answer = Object(("total", matches.Count), ("results", new JsonArray(page)));
        if (after + page.Length < matches.Count)
        {
            answer["paging"] = Object(("next", Object(("after", (after + page.Length).ToString(CultureInfo.InvariantCulture)))));
        }

        return new FakeAnswer(200, answer);
    }

    private FakeAnswer Create(JsonNode body)
    {
        var email = body["properties"]?["email"]?.GetValue<string>();
        var existing = Contacts.Values.FirstOrDefault(c => email is { Length: > 0 } && c["properties"]!["email"]?.GetValue<string>() == email);
        if (existing is not null)
        {
            return Error(409, "CONFLICT", $"Contact already exists. Existing ID: {existing["id"]}");
        }

        var id = _nextId++;
        Contacts[id] = Record(id.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, new JsonObject());
        return new FakeAnswer(201, Merge(Contacts[id], body).DeepClone());
    }

    private FakeAnswer Update(string id, JsonNode body)
    {
        if (!long.TryParse(id, out var key) || !Contacts.TryGetValue(key, out var contact))
        {
            return NotFound();
        }

        if (body["properties"]?["email"]?.GetValue<string>() is { Length: > 0 } email && !email.Contains('@', StringComparison.Ordinal))
        {
            return new FakeAnswer(400, Object(
                ("status", "error"), ("message", "Property values were not valid"), ("category", "VALIDATION_ERROR"),
                ("errors", new JsonArray(Object(("message", $"Email address {email} is invalid"), ("code", "INVALID_EMAIL"), ("context", Object(("propertyName", new JsonArray("email")))))))));
        }

        return new FakeAnswer(200, Merge(contact, body).DeepClone());
    }

    private FakeAnswer AssociationsOf(JsonNode body) => new(200, Object(
        ("status", "COMPLETE"),
        ("results", new JsonArray([.. body["inputs"]!.AsArray()
            .Select(i => i!["id"]!.GetValue<string>())
            .Where(Associations.ContainsKey)
            .Select(id => (JsonNode)Object(
                ("from", Object(("id", id))),
                ("to", new JsonArray([.. Associations[id].Select(p => (JsonNode)Object(("id", p), ("type", "contact_to_policy")))]))))]))));

    private FakeAnswer CreatePolicy(JsonNode body)
    {
        var id = (_nextId++).ToString(CultureInfo.InvariantCulture);
        Policies[id] = Record(id, DateTimeOffset.UtcNow, new JsonObject());
        return new FakeAnswer(201, Merge(Policies[id], body).DeepClone());
    }

    private FakeAnswer Associate(string contactId, string policyId)
    {
        Associations.TryAdd(contactId, []);
        if (!Associations[contactId].Contains(policyId))
        {
            Associations[contactId].Add(policyId);
        }

        return new FakeAnswer(200, Object(("fromObjectTypeId", PolicyType), ("fromObjectId", policyId), ("toObjectTypeId", "0-1"), ("toObjectId", contactId)));
    }

    private FakeAnswer Token(FakeRequest request) =>
        request.Form["grant_type"] == "refresh_token" && request.Form["refresh_token"] == RefreshToken
        && request.Form["client_id"] == ClientId && request.Form["client_secret"] == ClientSecret
            ? new FakeAnswer(200, Object(
                ("token_type", "bearer"), ("refresh_token", RefreshToken), ("access_token", Issue()), ("expires_in", 1800)))
            : new FakeAnswer(400, Object(("status", "BAD_REFRESH_TOKEN"), ("message", "missing or unknown refresh token"), ("error", "invalid_grant")));

    private string Issue()
    {
        var token = $"CJ{Guid.NewGuid():N}";
        _oauthTokens.Add(token);
        return token;
    }

    private FakeAnswer WithLimits(FakeAnswer answer)
    {
        var headers = new Dictionary<string, string>(answer.Headers ?? new Dictionary<string, string>())
        {
            ["X-HubSpot-RateLimit-Daily"] = DailyLimit.ToString(CultureInfo.InvariantCulture),
            ["X-HubSpot-RateLimit-Daily-Remaining"] = Math.Max(0, DailyLimit - DailyUsed).ToString(CultureInfo.InvariantCulture),
            ["X-HubSpot-RateLimit-Interval-Milliseconds"] = ((long)BurstWindow.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["X-HubSpot-RateLimit-Max"] = BurstLimit.ToString(CultureInfo.InvariantCulture),
            ["X-HubSpot-RateLimit-Remaining"] = Math.Max(0, BurstLimit - _recent.Count).ToString(CultureInfo.InvariantCulture),
        };
        return answer with { Headers = headers };
    }

    private static FakeAnswer RateLimited(string policy, string message) => new(429, Object(
        ("status", "error"), ("message", message), ("errorType", "RATE_LIMIT"), ("correlationId", Guid.NewGuid().ToString()),
        ("policyName", policy), ("requestId", Guid.NewGuid().ToString())));

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Record(string id, DateTimeOffset modified, JsonObject properties)
    {
        var stamp = Stamp(modified);
        properties["hs_object_id"] = id;
        properties["lastmodifieddate"] = stamp;
        properties["createdate"] = stamp;
        return Object(("id", id), ("properties", properties), ("createdAt", stamp), ("updatedAt", stamp), ("archived", false));
    }

    /// <summary>Writes a body's properties (an empty string clears one) and stamps the change.</summary>
    private static JsonObject Merge(JsonObject record, JsonNode body)
    {
        var properties = record["properties"]!.AsObject();
        foreach (var (name, value) in body["properties"]?.AsObject() ?? [])
        {
            properties[name] = value?.GetValue<string>() is { Length: > 0 } text ? text : null;
        }

        var stamp = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        properties["lastmodifieddate"] = stamp;
        record["updatedAt"] = stamp;
        return record;
    }

    private static long Modified(JsonObject contact) =>
        DateTimeOffset.Parse(contact["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static FakeAnswer NotFound() => Error(404, "OBJECT_NOT_FOUND", "resource not found");

    private static FakeAnswer Error(int status, string category, string message) => new(status, Object(
        ("status", "error"), ("message", message), ("correlationId", Guid.NewGuid().ToString()), ("category", category)));
}
