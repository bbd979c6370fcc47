using Npgsql;
using Respawn;
using Respawn.Graph;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL database: created empty once per run (the host migrates it when it starts), then
/// emptied between tests with Respawn. Only the modules' schemas are emptied; their migrations history and the
/// roles, which a migration seeds, are kept.
/// </summary>
internal sealed class TestDatabase
{
    private Respawner? _respawner;

    /// <summary>Drops what a previous run left and creates the database anew, so every run migrates from nothing.</summary>
    public static async Task RecreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresMaintenance);
        await connection.OpenAsync(cancellationToken);
        var name = new NpgsqlCommandBuilder().QuoteIdentifier(TestServices.DatabaseName);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Empties every table of the given module schemas, except migration histories and the seeded roles.</summary>
    public async Task ResetAsync(IReadOnlyCollection<ModuleDatabase> modules, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        await connection.OpenAsync(cancellationToken);
        if (_respawner is null)
        {
            string[] schemas = [.. modules.Select(m => m.Schema)];
            _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = schemas,
                TablesToIgnore = [.. await MigrationHistoriesAsync(connection, schemas, cancellationToken), new Table(PlatformDbContext.Schema, "roles")],
            });
        }

        // A delivery of the last test's events may still run in the host's background: a deadlock with it is tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _respawner.ResetAsync(connection);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    /// <summary>Every <c>__*_migrations_history</c> table in the schemas, whatever the module named it.</summary>
    private static async Task<List<Table>> MigrationHistoriesAsync(NpgsqlConnection connection, string[] schemas, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_schema = ANY(@schemas) AND table_name LIKE '\_\_%\_migrations\_history'
            """,
            connection);
        command.Parameters.AddWithValue("schemas", schemas);
        List<Table> tables = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(new Table(reader.GetString(0), reader.GetString(1)));
        }

        return tables.Count >= schemas.Length
            ? tables
            : throw new InvalidOperationException($"Expected a migrations history table in each of {string.Join(", ", schemas)}; found {tables.Count}.");
    }
}
