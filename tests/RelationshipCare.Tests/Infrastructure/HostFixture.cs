using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Caching.Memory;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;
using StackExchange.Redis;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>
/// The real host on PostgreSQL and Redis, shared by every test of <see cref="HostCollection"/>. It starts once per
/// run on a fresh database (migrating it), and <see cref="ResetAsync"/> gives each test the demo agency and nothing else.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private ConnectionMultiplexer? _redis;

    internal AppFactory Factory { get; private set; } = null!;

    internal IServiceProvider Services => Factory.Services;

    internal LogCapture Logs => Factory.Logs;

    public async ValueTask InitializeAsync()
    {
        await TestDatabase.RecreateAsync(CancellationToken.None);
        _redis = await ConnectionMultiplexer.ConnectAsync($"{TestServices.Redis},allowAdmin=true");
        await _redis.GetServers()[0].FlushDatabaseAsync(TestServices.RedisDatabase);
        Factory = AppFactory.OnPostgres();
        // Starts the host: it migrates the new database and seeds the demo agency.
        Factory.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>
    /// Back to the demo agency: every module table emptied, cached API-key lookups forgotten (a revoked key must
    /// not outlive its test in the cache), the demo agency seeded again and the log capture emptied.
    /// </summary>
    internal async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _database.ResetAsync([.. Services.GetServices<ModuleDatabase>()], cancellationToken);
        await ForgetCachedEntriesAsync();
        await StartupTasks.SeedDemoAsync(Services, cancellationToken);
        Logs.Clear();
    }

    /// <summary>HybridCache keeps its first level in the host's memory cache and its second in Redis, under <c>rc:cache:</c>.</summary>
    private async Task ForgetCachedEntriesAsync()
    {
        (Services.GetRequiredService<IMemoryCache>() as MemoryCache)?.Clear();
        var server = _redis!.GetServers()[0];
        var database = _redis.GetDatabase(TestServices.RedisDatabase);
        await foreach (var key in server.KeysAsync(TestServices.RedisDatabase, "rc:cache:*"))
        {
            await database.KeyDeleteAsync(key);
        }
    }

    /// <summary>Sends a request through the mediator as <paramref name="actor"/> would from a page (or as nobody).</summary>
    internal async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, DemoPerson? actor = null)
    {
        await using var scope = await ScopeActingAsAsync(actor);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, TestContext.Current.CancellationToken);
    }

    /// <inheritdoc cref="SendAsync{TResponse}(ICommand{TResponse}, DemoPerson?)"/>
    internal async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, DemoPerson? actor = null)
    {
        await using var scope = await ScopeActingAsAsync(actor);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Another host on the same database and Redis, with more settings (and services) for one test. It runs no job
    /// server of its own, and must be disposed by the test.
    /// </summary>
    internal WebApplicationFactory<Program> CreateVariant(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null) =>
        AppFactory.ListenOnLoopback(Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Jobs:RunServer", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        }));

    /// <summary>Reads what is stored now, through a service of a fresh scope (such as a module's DbContext).</summary>
    internal async Task<T> ReadAsync<TService, T>(Func<TService, Task<T>> read)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A scope whose current agent is <paramref name="actor"/>, with the claims their sign-in cookie would carry.</summary>
    internal async Task<AsyncServiceScope> ScopeActingAsAsync(DemoPerson? actor)
    {
        var scope = Services.CreateAsyncScope();
        if (actor is not null)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(actor.Id.ToString()) ?? throw new InvalidOperationException($"{actor} has no account.");
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            scope.ServiceProvider.GetRequiredService<CurrentAgent>().ActAs(principal);
        }

        return scope;
    }
}

/// <summary>
/// Every test that runs the shared host. Hangfire keeps its storage in a static, so hosts must never run side by
/// side: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "Host";
}

/// <summary>
/// The base of host tests: each starts from the demo agency, and the HTTP clients it makes are closed when it ends.
/// </summary>
public abstract class HostTest(HostFixture host) : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];

    protected HostFixture Host { get; } = host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await Host.ResetAsync(Ct);

    public virtual ValueTask DisposeAsync()
    {
        _clients.ForEach(client => client.Dispose());
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>An API client of <paramref name="person"/>, with a personal API key made for this test.</summary>
    private protected async Task<HttpClient> ApiClientAsync(DemoPerson person) =>
        ApiClient((await new ApiKeyBuilder(person.Id).SaveAsync(Host.Services)).Secret);

    /// <summary>An API client sending <paramref name="apiKey"/>, or no credentials at all.</summary>
    protected HttpClient ApiClient(string? apiKey = null) => Track(Host.Factory.CreateApiClient(apiKey));

    /// <summary>A browser that has not signed in.</summary>
    protected HttpClient Browser() => Track(Host.Factory.CreateBrowser());

    /// <summary>A browser signed in as <paramref name="person"/> through the sign-in form.</summary>
    private protected async Task<HttpClient> SignedInBrowserAsync(DemoPerson person) => Track(await Host.Factory.SignInAsync(person));

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
