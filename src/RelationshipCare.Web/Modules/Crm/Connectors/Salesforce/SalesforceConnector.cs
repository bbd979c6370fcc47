using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;

/// <summary>
/// Salesforce REST and SOQL: Contacts read by SOQL (with their Account's name) and paged by <c>nextRecordsUrl</c>,
/// incremental by <c>LastModifiedDate</c>; policies from Financial Services Cloud's InsurancePolicy; writes as
/// upserts by external id fields, so a retried write lands on the record the first attempt made.
/// </summary>
internal sealed partial class SalesforceConnector(
    CrmConnectionSettings settings, CrmHttpChannel channel, SalesforceFieldMapper mapper, CircuitBreakerStateProvider breaker)
    : CrmConnector(CrmKind.Salesforce, channel, mapper, breaker)
{
    public const string DefaultApiVersion = "v66.0";

    /// <summary>How far back Salesforce answers for deleted records: a start date further back is refused.</summary>
    public static readonly TimeSpan DeletedWindow = TimeSpan.FromDays(30);

    /// <summary>Account ids per InsurancePolicy query, keeping the SOQL well inside URL limits.</summary>
    private const int PolicyQueryBatch = 200;

    private readonly string _data = $"/services/data/{settings.ApiVersion ?? DefaultApiVersion}";

    public override async Task<CrmClient?> GetClientAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!SalesforceId().IsMatch(externalId))
        {
            return null;
        }

        var page = await QueryAsync($"{ContactQuery()} WHERE Id = '{externalId}'", cancellationToken);
        return (await WithPoliciesAsync(page.Records, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The cursor is the query's <c>nextRecordsUrl</c> (Salesforce keeps a query locator for a while; an expired one is refused).</summary>
    public override async Task<CrmPage> ListChangedAsync(DateTimeOffset? since, string? cursor, CancellationToken cancellationToken)
    {
        QueryPage page;
        if (cursor is null)
        {
            var filter = since is { } from ? $" WHERE LastModifiedDate >= {from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" : "";
            page = await QueryAsync($"{ContactQuery()}{filter} ORDER BY LastModifiedDate ASC, Id ASC", cancellationToken);
        }
        else
        {
            page = cursor.StartsWith($"{_data}/query/", StringComparison.Ordinal) ? await NextAsync(cursor, cancellationToken) : throw BadCursor();
        }

        return new CrmPage(await WithPoliciesAsync(page.Records, cancellationToken), page.Next);
    }

    /// <summary>
    /// <c>GET /sobjects/Contact/deleted/?start=&amp;end=</c>: one answer for the whole span, no paging. A start older
    /// than Salesforce keeps is moved up to its window; <c>latestDateCovered</c> is where the next listing starts, since
    /// deletions still in progress at the end date may be reported later.
    /// </summary>
    public override async Task<CrmDeletionPage> ListDeletedAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken)
    {
        // A minute inside the window, so a slow call never crosses its edge.
        var oldest = until - DeletedWindow + TimeSpan.FromMinutes(1);
        var start = since < oldest ? oldest : since;
        using var answer = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{_data}/sobjects/Contact/deleted/?start={Stamp(start)}&end={Stamp(until)}")),
            cancellationToken);
        var root = answer!.RootElement;
        var deleted = root.Items("deletedRecords")
            .Select(r => (Id: r.Text("id"), At: ContactNormalization.Timestamp(r.Text("deletedDate"))))
            .Where(r => r.Id is not null && r.At is not null)
            .Select(r => new CrmDeletion(r.Id!, r.At!.Value))
            .ToList();
        return new CrmDeletionPage(deleted, null, ContactNormalization.Timestamp(root.Text("latestDateCovered")));
    }

    public override async Task<string> UpsertClientAsync(CrmClient client, CancellationToken cancellationToken)
    {
        var payload = mapper.MapFromUnified(client);
        if (ContactNormalization.Text(client.Company) is { } company && !await HasAccountNamedAsync(client.ExternalId, company, cancellationToken))
        {
            payload["AccountId"] = await UpsertAccountAsync(company, cancellationToken);
        }

        if (client.ExternalId.Length > 0)
        {
            using var _ = await SendJsonAsync(HttpMethod.Patch, $"{_data}/sobjects/Contact/{Escape(client.ExternalId)}", payload, cancellationToken);
            return client.ExternalId;
        }

        if (client.PlatformId is not { Length: > 0 } platformId)
        {
            throw new CrmRejectedException("A new Salesforce contact needs the platform's client id, its upsert key.");
        }

        return await UpsertByExternalIdAsync("Contact", settings.ContactExternalIdField, platformId, payload, cancellationToken);
    }

    /// <summary>
    /// Creates or updates a policy insured by the contact's Account. A new policy is first looked for by its number
    /// on that Account, so a retried create updates what the first attempt made; one not found is upserted by the
    /// platform's policy id (its external id field), so even a create whose answer was lost and sent again makes one record.
    /// </summary>
    public override async Task<string> UpsertPolicyAsync(string clientExternalId, CrmPolicy policy, CancellationToken cancellationToken)
    {
        var contact = SalesforceId().IsMatch(clientExternalId)
            ? (await QueryAsync($"SELECT AccountId FROM Contact WHERE Id = '{clientExternalId}'", cancellationToken)).Records.FirstOrDefault()
            : default;
        var account = contact.Text("AccountId")
            ?? throw new CrmRejectedException("The contact has no Account to insure: give the client a company first.");
        var payload = SalesforceFieldMapper.MapPolicy(policy, account, settings.PolicyInsuredField);
        var id = policy.ExternalId;
        if (id.Length == 0)
        {
            var found = await QueryAsync(
                $"SELECT Id FROM InsurancePolicy WHERE Name = '{SoqlText(policy.Number)}' AND {settings.PolicyInsuredField} = '{account}' LIMIT 1",
                cancellationToken);
            id = found.Records.Select(r => r.Text("Id")).FirstOrDefault() ?? "";
        }

        if (id.Length > 0)
        {
            using var _ = await SendJsonAsync(HttpMethod.Patch, $"{_data}/sobjects/InsurancePolicy/{Escape(id)}", payload, cancellationToken);
            return id;
        }

        if (policy.PlatformId is { Length: > 0 } platformId)
        {
            return await UpsertByExternalIdAsync("InsurancePolicy", settings.PolicyExternalIdField, platformId, payload, cancellationToken);
        }

        using var created = await SendJsonAsync(HttpMethod.Post, $"{_data}/sobjects/InsurancePolicy/", payload, cancellationToken);
        return created.RootElement.Text("id") ?? throw new CrmRejectedException("Salesforce created the policy but returned no id.");
    }

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        using var limits = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{_data}/limits/")), cancellationToken);
        var daily = limits!.RootElement.TryGetProperty("DailyApiRequests", out var d) ? d : default;
        return $"Connected to Salesforce: {daily.Text("Remaining") ?? "?"} of {daily.Text("Max") ?? "?"} daily API requests remain.";
    }

    /// <summary>
    /// Companies become Accounts keyed by an external id derived from the lower-cased name (a hash: fixed length, safe
    /// in a URL path, and no name in request logs), so the same company is always one Account.
    /// </summary>
    /// <summary>
    /// Whether the existing contact's Account already bears the company's name: it then keeps that Account, which the
    /// agency's Salesforce users (and its policies) know, rather than moving to one the platform made under the same name.
    /// </summary>
    private async Task<bool> HasAccountNamedAsync(string contactId, string company, CancellationToken cancellationToken)
    {
        if (!SalesforceId().IsMatch(contactId))
        {
            return false;
        }

        var contact = (await QueryAsync($"SELECT Account.Name FROM Contact WHERE Id = '{contactId}'", cancellationToken)).Records.FirstOrDefault();
        return string.Equals(ContactNormalization.Text(contact.Text("Account", "Name")), company, StringComparison.OrdinalIgnoreCase);
    }

    private Task<string> UpsertAccountAsync(string company, CancellationToken cancellationToken) =>
        UpsertByExternalIdAsync(
            "Account",
            settings.AccountExternalIdField,
            "company-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(company.ToLowerInvariant())))[..32],
            new JsonObject { ["Name"] = company },
            cancellationToken);

    /// <summary>
    /// <c>PATCH /sobjects/{object}/{field}/{value}</c>: 201 with the new id, 200 with the updated id, or (older API
    /// versions) 204 with no body, when the id is read back by the same key. 300 means the key matched several records.
    /// </summary>
    private async Task<string> UpsertByExternalIdAsync(string sobject, string field, string value, JsonObject payload, CancellationToken cancellationToken)
    {
        var path = $"{_data}/sobjects/{sobject}/{field}/{Escape(value)}";
        using (var answer = await SendJsonAsync(HttpMethod.Patch, path, payload, cancellationToken))
        {
            if (answer.RootElement.Text("id") is { Length: > 0 } id)
            {
                return id;
            }
        }

        using var record = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{path}?fields=Id")), cancellationToken);
        return record!.RootElement.Text("Id") ?? throw new CrmRejectedException($"Salesforce upserted the {sobject} but did not return its id.");
    }

    private async Task<JsonDocument> SendJsonAsync(HttpMethod method, string path, JsonObject payload, CancellationToken cancellationToken) =>
        (await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(method, new Uri(api, path)) { Content = JsonContent.Create(payload) },
            cancellationToken))!;

    private string ContactQuery() => $"SELECT {string.Join(", ", mapper.QueryFields)} FROM Contact";

    private async Task<QueryPage> QueryAsync(string soql, CancellationToken cancellationToken) =>
        await NextAsync($"{_data}/query/?q={Uri.EscapeDataString(soql)}", cancellationToken);

    private async Task<QueryPage> NextAsync(string path, CancellationToken cancellationToken)
    {
        using var answer = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, path)), cancellationToken);
        var root = answer!.RootElement;
        var done = !root.TryGetProperty("done", out var d) || d.ValueKind != JsonValueKind.False;
        return new QueryPage([.. root.Items("records").Select(r => r.Clone())], done ? null : root.Text("nextRecordsUrl"));
    }

    /// <summary>The page's clients with their policies: one InsurancePolicy query per batch of insured Accounts.</summary>
    private async Task<IReadOnlyList<CrmClient>> WithPoliciesAsync(IReadOnlyList<JsonElement> records, CancellationToken cancellationToken)
    {
        var accounts = records.Select(r => r.Text("AccountId")).OfType<string>().Where(id => SalesforceId().IsMatch(id)).Distinct().ToList();
        var policies = new List<(string Insured, CrmPolicy Policy)>();
        foreach (var batch in accounts.Chunk(PolicyQueryBatch))
        {
            var fields = string.Join(", ", SalesforceFieldMapper.PolicyFields.Append(settings.PolicyInsuredField));
            var page = await QueryAsync(
                $"SELECT {fields} FROM InsurancePolicy WHERE {settings.PolicyInsuredField} IN ('{string.Join("','", batch)}')", cancellationToken);
            while (true)
            {
                policies.AddRange(page.Records.Select(r => (r.Text(settings.PolicyInsuredField) ?? "", SalesforceFieldMapper.MapPolicy(r))));
                if (page.Next is null)
                {
                    break;
                }

                page = await NextAsync(page.Next, cancellationToken);
            }
        }

        var byAccount = policies.ToLookup(p => p.Insured, p => p.Policy);
        return
        [
            .. records.Select(r => mapper.MapToUnified(r) with { Policies = [.. byAccount[r.Text("AccountId") ?? ""]] }),
        ];
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>A UTC date and time as the deleted and updated resources take it, escaped for the query.</summary>
    private static string Stamp(DateTimeOffset at) => Escape(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));

    /// <summary>A value inside a SOQL string literal: backslashes and quotes escaped.</summary>
    private static string SoqlText(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$")]
    private static partial Regex SalesforceId();

    private sealed record QueryPage(IReadOnlyList<JsonElement> Records, string? Next);
}
