using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>A module's DbContext and schema; the host has one per module, resolved in registration order (migrations run in it).</summary>
internal sealed record ModuleDatabase(Type Context, string Schema);

internal static class DataRegistration
{
    public const string PostgresMigrationsAssembly = "RelationshipCare.Migrations.Postgres";
    public const string SqliteMigrationsAssembly = "RelationshipCare.Migrations.Sqlite";

    public static IServiceCollection AddPlatformData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        LoadMigrationsAssembliesFromAppDirectory();
        services.AddAppOptions<DatabaseOptions>();
        services.AddAppOptions<ConnectionStringsOptions>();
        var database = configuration.ReadAppOptions<DatabaseOptions>();
        var connectionStrings = configuration.ReadAppOptions<ConnectionStringsOptions>();

        if (database.Provider == DatabaseProvider.Postgres)
        {
            // One data source per process: it pools connections and carries the tracing configuration.
            services.AddSingleton(_ => PostgresDataSource(connectionStrings.Postgres!));
            services.AddScoped<DbConnection>(sp => sp.GetRequiredService<NpgsqlDataSource>().CreateConnection());
        }
        else
        {
            var sqlite = SqliteConnectionString(connectionStrings.Sqlite, contentRoot);
            services.AddScoped<DbConnection>(_ => new SqliteConnection(sqlite));
        }

        services.AddScoped<UnitOfWork>();
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>
    /// The same few queries run on every request, so PostgreSQL keeps them prepared (unless the connection string
    /// says otherwise): a prepared statement skips parsing and planning.
    /// </summary>
    private static NpgsqlDataSource PostgresDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!builder.ConnectionStringBuilder.ContainsKey("Max Auto Prepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 50;
        }

        return builder.Build();
    }

    /// <summary>
    /// Registers a module's DbContext on the scope's shared connection, in the module's own schema with its own
    /// migrations history table, and enlists it in the scope's unit of work. Its options are built once, without a
    /// connection, and each scope takes a copy on its own: building them for every scope, as <c>AddDbContext</c> does
    /// when they name a scoped connection, took about 18 µs of every request, and creating the context by reflection
    /// another 10. A <see cref="Lazy{T}"/> of the context is registered too, for services on every request's path that
    /// query only now and then: making a context they do not use cost another 20 µs or so.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, IConfiguration configuration, string schema)
        where TContext : DbContext
    {
        var provider = configuration.ReadAppOptions<DatabaseOptions>().Provider;
        services.AddSingleton(new ModuleDatabase(typeof(TContext), schema));
        services.AddSingleton(sp =>
        {
            var template = new DbContextOptionsBuilder<TContext>().UseApplicationServiceProvider(sp);
            template.UseModuleDatabase(provider, connection: null, schema);
            return new ModuleContextOptions<TContext>(provider, template.Options);
        });
        services.AddScoped(sp => sp.GetRequiredService<ModuleContextOptions<TContext>>().On(sp.GetRequiredService<DbConnection>()));
        var create = ActivatorUtilities.CreateFactory<TContext>([]);
        services.AddScoped(sp =>
        {
            var context = create(sp, null);
            sp.GetRequiredService<UnitOfWork>().Enlist(context);
            return context;
        });
        services.AddScoped(sp => new Lazy<TContext>(sp.GetRequiredService<TContext>));
        return services;
    }

    /// <summary>
    /// The provider, migrations assembly, history table and naming every module context uses; on
    /// <paramref name="connection"/>, or on none yet (<see cref="ModuleContextOptions{TContext}"/> gives each scope its own).
    /// </summary>
    public static DbContextOptionsBuilder UseModuleDatabase(this DbContextOptionsBuilder options, DatabaseProvider provider, DbConnection? connection, string schema)
    {
        var history = $"__{schema}_migrations_history";
        if (provider == DatabaseProvider.Postgres)
        {
            Action<NpgsqlDbContextOptionsBuilder> npgsql = o => o.MigrationsAssembly(PostgresMigrationsAssembly).MigrationsHistoryTable(history, schema);
            _ = connection is null ? options.UseNpgsql(npgsql) : options.UseNpgsql(connection, npgsql);
        }
        else
        {
            Action<SqliteDbContextOptionsBuilder> sqlite = o => o.MigrationsAssembly(SqliteMigrationsAssembly).MigrationsHistoryTable(history);
            _ = connection is null ? options.UseSqlite(sqlite) : options.UseSqlite(connection, sqlite);

            // SQLite has no schemas: each module's tables keep distinct names instead.
            options.ConfigureWarnings(w => w.Ignore(SqliteEventId.SchemaConfiguredWarning));
        }

        return options.UseSnakeCaseNamingConvention().AddInterceptors(UnitOfWorkInterceptor.Instance, RowLocks.Instance);
    }

    /// <summary>A module context's options without a connection, and a copy of them on a scope's connection.</summary>
    internal sealed class ModuleContextOptions<TContext>(DatabaseProvider provider, DbContextOptions<TContext> template)
        where TContext : DbContext
    {
        public DbContextOptions<TContext> On(DbConnection connection) => provider == DatabaseProvider.Postgres
            ? new DbContextOptionsBuilder<TContext>(template).UseNpgsql(connection).Options
            : new DbContextOptionsBuilder<TContext>(template).UseSqlite(connection).Options;
    }

    /// <summary>
    /// The migrations assemblies sit beside the host but are not in its dependency manifest (they are built after
    /// it, see RelationshipCare.Web.csproj), so the runtime is told where to find them when EF Core asks.
    /// </summary>
    private static void LoadMigrationsAssembliesFromAppDirectory()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveMigrationsAssembly;
        AssemblyLoadContext.Default.Resolving += ResolveMigrationsAssembly;
    }

    private static Assembly? ResolveMigrationsAssembly(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is not (PostgresMigrationsAssembly or SqliteMigrationsAssembly))
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }

    /// <summary>Resolves a relative SQLite file against the content root, so the database does not move with the working directory.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not (":memory:" or "") && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        return builder.ToString();
    }
}
