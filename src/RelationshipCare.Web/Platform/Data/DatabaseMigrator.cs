using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>Applies every module's pending migrations, in registration order.</summary>
internal sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, IEnumerable<ModuleDatabase> modules, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var module in modules)
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(module.Context);
            if (context.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                PrepareSqliteFile(sqlite);
                // Readers never wait for the writer in WAL mode; the setting is kept in the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                continue;
            }

            await context.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, module.Schema, pending.Count, pending[^1]);
        }
    }

    private static void PrepareSqliteFile(SqliteConnection connection)
    {
        var directory = Path.GetDirectoryName(connection.DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s) to {Schema}, now at {Migration}")]
    private static partial void LogMigrated(ILogger logger, string schema, int count, string migration);
}
