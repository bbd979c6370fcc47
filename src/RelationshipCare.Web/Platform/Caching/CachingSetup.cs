using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Observability;
using StackExchange.Redis;

namespace RelationshipCare.Web.Platform.Caching;

/// <summary>The process's one Redis connection, opened on first use and shared by every Redis consumer.</summary>
internal sealed class RedisConnection(string configuration) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() => ConnectionMultiplexer.Connect(configuration));

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}

internal static class CachingSetup
{
    /// <summary>
    /// HybridCache everywhere, with Redis as its second level when <c>ConnectionStrings:Redis</c> is set. The
    /// same switch moves Data Protection keys (cookies, encrypted secrets) to Redis and turns on the SignalR
    /// backplane; without Redis the keys live in the database, so they survive restarts either way.
    /// </summary>
    public static IServiceCollection AddPlatformCaching(this IServiceCollection services, IConfiguration configuration, IHealthChecksBuilder health)
    {
        services.AddHybridCache(options =>
        {
            options.MaximumPayloadBytes = 1024 * 1024;
            options.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(5),
                LocalCacheExpiration = TimeSpan.FromMinutes(1),
            };
        });

        services.AddAppOptions<KeyProtectionOptions>();
        var dataProtection = services.AddDataProtection().SetApplicationName("RelationshipCare");
        var keyProtection = configuration.ReadAppOptions<KeyProtectionOptions>();
        if (!string.IsNullOrWhiteSpace(keyProtection.CertificatePath) && File.Exists(keyProtection.CertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(keyProtection.CertificatePath, keyProtection.CertificatePassword));
        }

        var signalR = services.AddSignalR();
        var redis = configuration.ReadAppOptions<ConnectionStringsOptions>().Redis;
        if (string.IsNullOrWhiteSpace(redis))
        {
            dataProtection.PersistKeysToDbContext<PlatformDbContext>();
            return services;
        }

        var connection = new RedisConnection(redis);
        services.AddSingleton(connection);
        services.AddStackExchangeRedisCache(options =>
        {
            options.InstanceName = "rc:cache:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer);
        });
        dataProtection.PersistKeysToStackExchangeRedis(() => connection.Multiplexer.GetDatabase(), "rc:data-protection-keys");
        signalR.AddStackExchangeRedis(options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal("rc:signalr");
            options.ConnectionFactory = _ => Task.FromResult(connection.Multiplexer);
        });
        health.AddRedis(_ => connection.Multiplexer, "redis", tags: [HealthSetup.Ready]);
        return services;
    }
}
