using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>
/// The real host on Kestrel, on a free loopback port (the in-memory test server ignores request size limits),
/// configured through settings, as an operator would; the tests add only a log capture and quicker password
/// hashing. Variants for one test come from <see cref="WebApplicationFactory{TEntryPoint}.WithWebHostBuilder"/>.
/// </summary>
internal sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private AppFactory(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        ListenOnLoopback(this);
    }

    public LogCapture Logs { get; } = new();

    /// <summary>Production's configuration: PostgreSQL and Redis, with the demo agency seeded as <c>--seed-demo</c> does.</summary>
    public static AppFactory OnPostgres() => new(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = TestServices.Postgres,
        ["ConnectionStrings:Redis"] = TestServices.Redis,
        ["Demo:Enabled"] = "true",
        // The per-agent limit has its own test; here it must never get in the way of a busy test.
        ["Api:RequestsPerMinute"] = "600000",
        ["Api:Burst"] = "100000",
        ["Jobs:WorkerCount"] = "2",
    });

    /// <summary>The local default: SQLite and local job storage, with files in <paramref name="folder"/>, no Redis.</summary>
    public static AppFactory OnSqlite(string folder) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "relationship-care.db")}",
        ["ConnectionStrings:HangfireSqlite"] = Path.Combine(folder, "hangfire.db"),
        ["Jobs:WorkerCount"] = "1",
    });

    /// <summary>Serves <paramref name="factory"/> with Kestrel on a free port of 127.0.0.1 (variants do not inherit it).</summary>
    public static WebApplicationFactory<Program> ListenOnLoopback(WebApplicationFactory<Program> factory)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Only warnings reach the console; the capture below still sees everything the host logs.
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Hashing passwords is most of the time it takes to seed the demo agency before each test: fewer rounds make
        // the same kind of hash, faster. Each hash records its round count, so signing in works as in production.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
    }
}
