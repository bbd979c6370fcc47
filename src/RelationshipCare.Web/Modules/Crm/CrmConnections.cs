using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// The one place that opens a connection's secrets: it seals credentials for storage and unseals them only to build
/// the connection's <see cref="ICrmConnector"/> (kept per connection by <see cref="CrmConnectorFactory"/>).
/// </summary>
internal sealed class CrmConnections(CrmDbContext db, IDataProtectionProvider protection, CrmConnectorFactory factory)
{
    public const string SecretsPurpose = "crm-connection-secrets";

    private readonly IDataProtector _protector = protection.CreateProtector(SecretsPurpose);

    public string Seal(CrmCredentials credentials) => _protector.Protect(JsonSerializer.Serialize(credentials, JsonSerializerOptions.Default));

    public CrmCredentials Unseal(string sealedSecrets) =>
        JsonSerializer.Deserialize<CrmCredentials>(_protector.Unprotect(sealedSecrets), JsonSerializerOptions.Default) ?? new CrmCredentials();

    /// <summary>The settings the connector is built from, secrets included (never log or return them).</summary>
    public CrmConnectionSettings SettingsOf(CrmConnection connection) =>
        connection.Settings with { ConnectionId = connection.Id, Kind = connection.Kind, Credentials = Unseal(connection.ProtectedSecrets) };

    public ICrmConnector ConnectorOf(CrmConnection connection) => factory.Get(SettingsOf(connection));

    /// <summary>The connector of a connection id, or null when there is no such connection.</summary>
    public async Task<ICrmConnector?> ConnectorAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
        return connection is null ? null : ConnectorOf(connection);
    }

    /// <summary>The connector as it is now, if this process has built it (status pages must not sign in to show a status).</summary>
    public ICrmConnector? Known(CrmConnection connection) => factory.Peek(connection.Id);

    public void Forget(Guid connectionId) => factory.Forget(connectionId);
}
