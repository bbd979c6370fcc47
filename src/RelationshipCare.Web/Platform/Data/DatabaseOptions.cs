using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database the host runs on.</summary>
public sealed class DatabaseOptions : IAppOptions
{
    public static string Section => "Database";

    /// <summary><c>Sqlite</c> (embedded, the local default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start. On by default; production deployments run the <c>migrate</c> command instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    internal sealed class Validator : AbstractValidator<DatabaseOptions>
    {
        public Validator(IConfiguration configuration)
        {
            RuleFor(o => o.Provider).IsInEnum()
                .WithMessage("must be 'Sqlite' or 'Postgres'.");
            RuleFor(o => o.Provider)
                .Must(_ => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringsOptions.PostgresKey)))
                .When(o => o.Provider == DatabaseProvider.Postgres)
                .WithMessage("is Postgres, so ConnectionStrings:Postgres is required (for example 'Host=db;Database=relationship_care;Username=app;Password=...').");
        }
    }
}

/// <summary>The connection strings the host reads.</summary>
public sealed class ConnectionStringsOptions : IAppOptions
{
    public const string PostgresKey = "Postgres";

    public static string Section => "ConnectionStrings";

    /// <summary>PostgreSQL, used when Database:Provider is Postgres (application data and Hangfire).</summary>
    public string? Postgres { get; set; }

    /// <summary>The embedded SQLite database used when Database:Provider is Sqlite.</summary>
    public string Sqlite { get; set; } = "Data Source=App_Data/relationship-care.db";

    /// <summary>Hangfire's SQLite file in local mode.</summary>
    public string HangfireSqlite { get; set; } = "App_Data/hangfire.db";

    /// <summary>Redis: when set, the cache's second level, Data Protection keys and the SignalR backplane.</summary>
    public string? Redis { get; set; }

    internal sealed class Validator : AbstractValidator<ConnectionStringsOptions>
    {
        public Validator()
        {
            RuleFor(o => o.Sqlite).NotEmpty()
                .WithMessage("must not be empty (for example 'Data Source=App_Data/relationship-care.db').");
            RuleFor(o => o.HangfireSqlite).NotEmpty()
                .WithMessage("must be a file path (for example 'App_Data/hangfire.db').");
        }
    }
}
