using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Tests.Platform.Data;

/// <summary>
/// Every module's model matches its last migration, for both providers: a model change without a migration (for
/// either provider) fails here. Run <c>scripts/add-migration.sh Module Name</c> to add the migration for both.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PendingModelChangesTests(HostFixture host)
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void Given_each_module_context_When_compared_with_its_migrations_Then_no_model_change_is_pending(DatabaseProvider provider)
    {
        // The module list and the migrations assemblies come from the running host, as the host registers and loads them.
        var modules = host.Services.GetServices<ModuleDatabase>().ToList();
        Assert.NotEmpty(modules);

        var pending = modules.Where(module => HasPendingModelChanges(module, provider)).Select(m => m.Context.Name).ToList();

        Assert.True(pending.Count == 0, $"Model changes without a {provider} migration: {string.Join(", ", pending)}");
    }

    private static bool HasPendingModelChanges(ModuleDatabase module, DatabaseProvider provider)
    {
        // Options exactly as the host builds them; the model is compared, the database is never opened.
        using DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection("Host=127.0.0.1;Database=model_check")
            : new SqliteConnection("Data Source=:memory:");
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(module.Context))!;
        options.UseModuleDatabase(provider, connection, module.Schema);
        using var context = (DbContext)Activator.CreateInstance(module.Context, options.Options)!;
        return context.Database.HasPendingModelChanges();
    }
}
