using Npgsql;
using StackExchange.Redis;

namespace RelationshipCare.EndToEnd;

/// <summary>
/// The PostgreSQL and Redis servers the test script starts, named by <c>RC_TEST_POSTGRES</c> (a server-level
/// connection string, without Database) and <c>RC_TEST_REDIS</c>. These tests own the database <c>rc_e2e</c> and
/// Redis database 2, so they can run beside the integration tests (which use <c>rc_tests</c>).
/// </summary>
internal sealed class TestServers
{
    public const string DatabaseName = "rc_e2e";
    public const int RedisDatabase = 2;

    private TestServers(string postgres, string? redis)
    {
        Postgres = new NpgsqlConnectionStringBuilder(postgres) { Database = DatabaseName }.ConnectionString;
        ServerPostgres = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString;
        Redis = string.IsNullOrWhiteSpace(redis) ? null : $"{redis},defaultDatabase={RedisDatabase}";
        ServerRedis = string.IsNullOrWhiteSpace(redis) ? null : $"{redis},allowAdmin=true";
    }

    /// <summary>The application's connection string, to <see cref="DatabaseName"/>.</summary>
    public string Postgres { get; }

    /// <summary>The application's Redis, on <see cref="RedisDatabase"/>; null when no Redis was given.</summary>
    public string? Redis { get; }

    private string ServerPostgres { get; }

    private string? ServerRedis { get; }

    /// <summary>The servers from the environment, or null when the environment names none (then the tests skip).</summary>
    public static TestServers? FromEnvironment()
    {
        var postgres = Environment.GetEnvironmentVariable("RC_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(postgres) ? null : new TestServers(postgres, Environment.GetEnvironmentVariable("RC_TEST_REDIS"));
    }

    /// <summary>
    /// A fresh database and an empty Redis database for every run: the host migrates and seeds the demo agency
    /// into it, so each run starts from the same agency (and no earlier run's failed sign-ins lock anyone out).
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(ServerPostgres))
        {
            await connection.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        if (ServerRedis is not null)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(ServerRedis);
            foreach (var server in redis.GetServers())
            {
                await server.FlushDatabaseAsync(RedisDatabase);
            }
        }
    }
}
