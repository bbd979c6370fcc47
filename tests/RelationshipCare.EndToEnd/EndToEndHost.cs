using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace RelationshipCare.EndToEnd;

/// <summary>The real host, on PostgreSQL and Redis, listening on a free loopback port so a browser can reach it.</summary>
internal sealed class EndToEndHost : WebApplicationFactory<Program>
{
    private readonly TestServers _servers;

    public EndToEndHost(TestServers servers)
    {
        _servers = servers;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the host listens, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.Single());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("ConnectionStrings:Postgres", _servers.Postgres);
        builder.UseSetting("Demo:Enabled", "true");
        if (_servers.Redis is { } redis)
        {
            builder.UseSetting("ConnectionStrings:Redis", redis);
        }
    }
}
