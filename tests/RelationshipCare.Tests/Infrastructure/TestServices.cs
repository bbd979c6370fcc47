using Npgsql;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>
/// Where the tests find PostgreSQL and Redis: <c>RC_TEST_POSTGRES</c> (a server-level connection string, without a
/// database) and <c>RC_TEST_REDIS</c>, as <c>scripts/test.sh</c> exports them. Without them, the throwaway servers
/// the script starts on their default ports.
/// </summary>
internal static class TestServices
{
    public const string PostgresVariable = "RC_TEST_POSTGRES";
    public const string RedisVariable = "RC_TEST_REDIS";

    /// <summary>This project's own database and Redis database: the end-to-end tests use others and may run at the same time.</summary>
    public const string DatabaseName = "rc_tests";

    public const int RedisDatabase = 1;

    public static string PostgresServer => Read(PostgresVariable, "Host=127.0.0.1;Port=55432;Username=postgres");

    public static string RedisServer => Read(RedisVariable, "127.0.0.1:56379");

    /// <summary>The test database, for the host and the harness.</summary>
    public static string Postgres => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = DatabaseName }.ConnectionString;

    /// <summary>The server's maintenance database, to create the test database from.</summary>
    public static string PostgresMaintenance => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ConnectionString;

    public static string Redis => $"{RedisServer},defaultDatabase={RedisDatabase}";

    private static string Read(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
