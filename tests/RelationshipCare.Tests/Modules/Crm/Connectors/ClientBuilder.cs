using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Tests.Modules.Crm.Connectors;

/// <summary>A client as the platform hands it to a connector, with realistic defaults.</summary>
internal sealed class ClientBuilder
{
    private CrmClient _client = new()
    {
        ExternalId = "",
        FirstName = "Jane",
        LastName = "Smith",
        Email = "jane.smith@acmetech.com",
        Phone = "+14155550100",
        Birthdate = new DateOnly(1984, 3, 12),
        Address = new MailingAddress("1 Market St", "San Francisco", "CA", "94105", "US"),
    };

    public static ClientBuilder New() => new();

    public ClientBuilder WithExternalId(string id) => With(_client with { ExternalId = id });

    public ClientBuilder WithPlatformId(string id) => With(_client with { PlatformId = id });

    public ClientBuilder WithCompany(string company) => With(_client with { Company = company });

    public ClientBuilder WithLastName(string lastName) => With(_client with { LastName = lastName });

    public ClientBuilder WithEmail(string? email) => With(_client with { Email = email });

    public ClientBuilder WithCustomField(string key, string value) =>
        With(_client with { CustomFields = new Dictionary<string, string?>(_client.CustomFields) { [key] = value } });

    public CrmClient Build() => _client;

    private ClientBuilder With(CrmClient client)
    {
        _client = client;
        return this;
    }
}

internal static class ConnectorPaging
{
    /// <summary>Every page of changes, following the cursors to the end, as a sync does.</summary>
    public static async Task<List<CrmClient>> ReadAllAsync(ICrmConnector connector, DateTimeOffset? since)
    {
        var clients = new List<CrmClient>();
        string? cursor = null;
        do
        {
            var page = await connector.ListChangedAsync(since, cursor, TestContext.Current.CancellationToken);
            clients.AddRange(page.Clients);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return clients;
    }

    /// <summary>Every page of deletions in the span, following the cursors to the end, as a sync does; and the page count.</summary>
    public static async Task<(List<CrmDeletion> Deletions, int Pages, DateTimeOffset? CoveredThrough)> ReadDeletedAsync(
        ICrmConnector connector, DateTimeOffset since, DateTimeOffset until)
    {
        var deletions = new List<CrmDeletion>();
        string? cursor = null;
        var pages = 0;
        CrmDeletionPage page;
        do
        {
            page = await connector.ListDeletedAsync(since, until, cursor, TestContext.Current.CancellationToken);
            deletions.AddRange(page.Deletions);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        return (deletions, pages, page.CoveredThrough);
    }
}
