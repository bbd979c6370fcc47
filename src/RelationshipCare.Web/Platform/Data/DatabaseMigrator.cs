using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// Applies every module's pending migrations, in registration order. EF Core logs each migration it applies
/// (category Microsoft.EntityFrameworkCore.Migrations, kept at Information).
/// </summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes, IEnumerable<ModuleDatabase> modules)
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

            await context.Database.MigrateAsync(cancellationToken);
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
}
