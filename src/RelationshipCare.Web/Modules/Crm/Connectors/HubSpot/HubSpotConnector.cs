using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Polly.CircuitBreaker;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors.HubSpot;

/// <summary>
/// HubSpot CRM v3 contacts: a full sync lists with the <c>after</c> cursor; an incremental sync searches by
/// <c>lastmodifieddate</c>, narrowing the date before the search's 10,000-result cap. Policies come from the
/// configured custom object, found through the associations API and read in batches.
/// </summary>
internal sealed partial class HubSpotConnector(
    CrmConnectionSettings settings, CrmHttpChannel channel, HubSpotFieldMapper mapper, CircuitBreakerStateProvider breaker)
    : CrmConnector(CrmKind.HubSpot, channel, mapper, breaker)
{
    public static readonly Uri DefaultApiUrl = new("https://api.hubapi.com");

    /// <summary>HubSpot's page size maximum for lists and searches.</summary>
    public const int PageSize = 100;

    /// <summary>A search never pages past 10,000 results (HubSpot answers 400 beyond).</summary>
    public const int SearchResultCap = 10_000;

    private const string Contacts = "/crm/v3/objects/contacts";

    public override async Task<CrmClient?> GetClientAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!NumericId().IsMatch(externalId))
        {
            return null;
        }

        using var record = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{Contacts}/{externalId}?properties={PropertyList()}&archived=false")),
            cancellationToken,
            notFoundIsNull: true);
        return record is null ? null : (await WithPoliciesAsync([record.RootElement], cancellationToken)).Single();
    }

    /// <summary>
    /// Cursors: <c>list:{after}</c> for a full sync, <c>search:{since, epoch ms}:{after}</c> for an incremental one.
    /// Both stay valid across restarts (HubSpot's cursors are stateless).
    /// </summary>
    public override async Task<CrmPage> ListChangedAsync(DateTimeOffset? since, string? cursor, CancellationToken cancellationToken)
    {
        var parts = cursor?.Split(':');
        return parts switch
        {
            null when since is null => await ListAsync(null, cancellationToken),
            null => await SearchAsync(since!.Value.ToUnixTimeMilliseconds(), 0, cancellationToken),
            ["list", var after] => await ListAsync(after, cancellationToken),
            ["search", var from, var after] when long.TryParse(from, out var fromMs) && int.TryParse(after, out var offset) =>
                await SearchAsync(fromMs, offset, cancellationToken),
            _ => throw BadCursor(),
        };
    }

    /// <summary>
    /// Archived contacts: <c>GET /crm/v3/objects/contacts?archived=true</c>, paged by <c>after</c> (cursor
    /// <c>archived:{after}</c>). The list cannot be filtered by date, so the whole recycle bin is read (HubSpot keeps
    /// archived contacts 90 days) and only those archived in the span are answered.
    /// </summary>
    public override async Task<CrmDeletionPage> ListDeletedAsync(DateTimeOffset since, DateTimeOffset until, string? cursor, CancellationToken cancellationToken)
    {
        const string Prefix = "archived:";
        var after = cursor is null ? null
            : cursor.StartsWith(Prefix, StringComparison.Ordinal) && cursor.Length > Prefix.Length ? cursor[Prefix.Length..]
            : throw BadCursor();
        var query = $"{Contacts}?limit={PageSize}&archived=true&properties=hs_object_id" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var page = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, query)), cancellationToken);
        var deleted = page!.RootElement.Items("results")
            .Select(r => (Id: r.Text("id"), At: ContactNormalization.Timestamp(r.Text("archivedAt"))))
            .Where(r => r.Id is not null && r.At >= since && r.At <= until)
            .Select(r => new CrmDeletion(r.Id!, r.At!.Value))
            .ToList();
        var next = page.RootElement.TryGetProperty("paging", out var paging) ? paging.Text("next", "after") : null;
        return new CrmDeletionPage(deleted, next is null ? null : $"archived:{next}");
    }

    public override async Task<string> UpsertClientAsync(CrmClient client, CancellationToken cancellationToken)
    {
        var payload = mapper.MapFromUnified(client);
        if (client.ExternalId.Length > 0)
        {
            return await UpdateAsync(client.ExternalId, payload, cancellationToken);
        }

        if (ContactNormalization.Email(client.Email) is null)
        {
            throw new CrmRejectedException(
                "HubSpot de-duplicates contacts by email only; a new contact needs one so a retried create cannot duplicate it.",
                new Dictionary<string, string> { [ClientFields.Email] = "is required to create a HubSpot contact." });
        }

        // A create that already happened (a retry after a lost answer) is a 409 naming the existing contact: update it.
        using var created = await Channel.SendAsync(
            api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, Contacts)) { Content = JsonContent.Create(payload) },
            cancellationToken,
            alsoAccept: HttpStatusCode.Conflict);
        using var body = await CrmHttpChannel.ReadJsonAsync(created!, cancellationToken);
        if (created!.StatusCode != HttpStatusCode.Conflict)
        {
            return body.RootElement.Text("id") ?? throw new CrmRejectedException("HubSpot created the contact but returned no id.");
        }

        var existing = ExistingId().Match(body.RootElement.Text("message") ?? "");
        return existing.Success
            ? await UpdateAsync(existing.Groups[1].Value, payload, cancellationToken)
            : throw new CrmRejectedException($"HubSpot refused the contact: {body.RootElement.Text("message")}");
    }

    /// <summary>
    /// Creates or updates a policy in the configured custom object, found by its <c>policy_number</c> (which must be a
    /// unique-value property, so a retried create finds the first), and associates it with the contact.
    /// </summary>
    public override async Task<string> UpsertPolicyAsync(string contactId, CrmPolicy policy, CancellationToken cancellationToken)
    {
        var type = PolicyType();
        var payload = HubSpotFieldMapper.MapPolicy(policy);
        var id = policy.ExternalId;
        if (id.Length == 0)
        {
            using var found = await Channel.SendForJsonAsync(
                api => new HttpRequestMessage(
                    HttpMethod.Get, new Uri(api, $"/crm/v3/objects/{type}/{Uri.EscapeDataString(policy.Number)}?idProperty=policy_number")),
                cancellationToken,
                notFoundIsNull: true);
            id = found?.RootElement.Text("id") ?? "";
        }

        if (id.Length > 0)
        {
            await Channel.SendForJsonAsync(
                api => new HttpRequestMessage(HttpMethod.Patch, new Uri(api, $"/crm/v3/objects/{type}/{id}")) { Content = JsonContent.Create(payload) },
                cancellationToken);
        }
        else
        {
            using var created = await Channel.SendForJsonAsync(
                api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"/crm/v3/objects/{type}")) { Content = JsonContent.Create(payload) },
                cancellationToken);
            id = created!.RootElement.Text("id") ?? throw new CrmRejectedException("HubSpot created the policy but returned no id.");
        }

        // The default association between the two objects; PUT is idempotent.
        await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Put, new Uri(api, $"/crm/v4/objects/{type}/{id}/associations/default/contacts/{contactId}")),
            cancellationToken);
        return id;
    }

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        using var page = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, $"{Contacts}?limit=1")), cancellationToken);
        return LastQuota is { Limit: { } limit, Used: { } used }
            ? string.Create(CultureInfo.InvariantCulture, $"Connected to HubSpot: {limit - used:N0} of {limit:N0} calls remain today.")
            : "Connected to HubSpot.";
    }

    private async Task<string> UpdateAsync(string id, JsonObject payload, CancellationToken cancellationToken)
    {
        using var updated = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Patch, new Uri(api, $"{Contacts}/{Uri.EscapeDataString(id)}")) { Content = JsonContent.Create(payload) },
            cancellationToken);
        return updated!.RootElement.Text("id") ?? id;
    }

    private async Task<CrmPage> ListAsync(string? after, CancellationToken cancellationToken)
    {
        var query = $"{Contacts}?limit={PageSize}&archived=false&properties={PropertyList()}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var page = await Channel.SendForJsonAsync(api => new HttpRequestMessage(HttpMethod.Get, new Uri(api, query)), cancellationToken);
        var next = page!.RootElement.TryGetProperty("paging", out var paging) ? paging.Text("next", "after") : null;
        var clients = await WithPoliciesAsync([.. page.RootElement.Items("results")], cancellationToken);
        return new CrmPage(clients, next is null ? null : $"list:{next}");
    }

    private async Task<CrmPage> SearchAsync(long sinceMs, int offset, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject
            {
                ["filters"] = new JsonArray(new JsonObject
                {
                    ["propertyName"] = "lastmodifieddate",
                    ["operator"] = "GTE",
                    ["value"] = sinceMs.ToString(CultureInfo.InvariantCulture),
                }),
            }),
            ["sorts"] = new JsonArray(new JsonObject { ["propertyName"] = "lastmodifieddate", ["direction"] = "ASCENDING" }),
            ["properties"] = new JsonArray([.. mapper.Properties.Select(p => (JsonNode)p)]),
            ["limit"] = PageSize,
            ["after"] = offset.ToString(CultureInfo.InvariantCulture),
        };
        using var page = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"{Contacts}/search")) { Content = JsonContent.Create(body) },
            cancellationToken);
        var results = page!.RootElement.Items("results").ToList();
        var clients = await WithPoliciesAsync(results, cancellationToken);
        var next = page.RootElement.TryGetProperty("paging", out var paging) ? paging.Text("next", "after") : null;
        if (next is null || !int.TryParse(next, out var nextOffset))
        {
            return new CrmPage(clients, null);
        }

        if (nextOffset + PageSize <= SearchResultCap)
        {
            return new CrmPage(clients, $"search:{sinceMs}:{nextOffset}");
        }

        // The next page would pass the cap: search again from the last change seen. Records changed in that same
        // millisecond come again (sync is idempotent); if a whole page shares it, step past it rather than loop.
        var last = clients.LastOrDefault()?.ModifiedAt?.ToUnixTimeMilliseconds() ?? sinceMs;
        return new CrmPage(clients, $"search:{(last > sinceMs ? last : last + 1)}:0");
    }

    /// <summary>The policies of these contacts: their associations to the policy object, then the policies in one batch read.</summary>
    private async Task<IReadOnlyList<CrmClient>> WithPoliciesAsync(IReadOnlyList<JsonElement> records, CancellationToken cancellationToken)
    {
        var clients = records.Select(mapper.MapToUnified).ToList();
        if (settings.PolicyObjectType is null || clients.Count == 0)
        {
            return clients;
        }

        var type = PolicyType();
        var inputs = new JsonArray([.. clients.Select(c => (JsonNode)new JsonObject { ["id"] = c.ExternalId })]);
        using var links = await Channel.SendForJsonAsync(
            api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"/crm/v3/associations/contacts/{type}/batch/read"))
            {
                Content = JsonContent.Create(new JsonObject { ["inputs"] = inputs }),
            },
            cancellationToken);
        var policyIdsByContact = links!.RootElement.Items("results")
            .ToDictionary(r => r.Text("from", "id") ?? "", r => r.Items("to").Select(t => t.Text("id")).OfType<string>().ToList());
        var policyIds = policyIdsByContact.Values.SelectMany(ids => ids).Distinct().ToList();
        if (policyIds.Count == 0)
        {
            return clients;
        }

        var policies = new Dictionary<string, CrmPolicy>();
        foreach (var batch in policyIds.Chunk(PageSize))
        {
            var read = new JsonObject
            {
                ["properties"] = new JsonArray([.. HubSpotFieldMapper.PolicyProperties.Select(p => (JsonNode)p)]),
                ["inputs"] = new JsonArray([.. batch.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
            };
            using var answer = await Channel.SendForJsonAsync(
                api => new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"/crm/v3/objects/{type}/batch/read")) { Content = JsonContent.Create(read) },
                cancellationToken);
            foreach (var policy in answer!.RootElement.Items("results").Select(HubSpotFieldMapper.MapPolicy))
            {
                policies[policy.ExternalId] = policy;
            }
        }

        return
        [
            .. clients.Select(c => c with
            {
                Policies = [.. policyIdsByContact.GetValueOrDefault(c.ExternalId, []).Select(policies.GetValueOrDefault).OfType<CrmPolicy>()],
            }),
        ];
    }

    private string PolicyType() =>
        settings.PolicyObjectType ?? throw new CrmRejectedException("This HubSpot connection has no policy custom object configured.");

    private string PropertyList() => Uri.EscapeDataString(string.Join(',', mapper.Properties));

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex NumericId();

    [GeneratedRegex(@"Existing ID:\s*([0-9]+)")]
    private static partial Regex ExistingId();
}
