using FluentValidation;
using Microsoft.Extensions.Configuration;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>
/// <see cref="IAiProviders"/> as the app registers it (<c>AddAiProviders</c>), from the given <c>AiProviders</c>
/// settings, with what it logs captured. The providers are fakes on 127.0.0.1, called through the real SDKs.
/// </summary>
internal sealed class ProvidersHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ProvidersHarness(ServiceProvider services, LogCapture logs)
    {
        _services = services;
        Logs = logs;
    }

    public LogCapture Logs { get; }

    public IAiProviders Providers => _services.GetRequiredService<IAiProviders>();

    /// <param name="time">The clock the pipelines run on; the system's unless a test moves time itself.</param>
    public static ProvidersHarness Start(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var services = Services(settings, time ?? TimeProvider.System, out var logs);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // As the host does when it starts: options are validated before anything uses them.
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return new ProvidersHarness(provider, logs);
    }

    /// <summary>One provider named <paramref name="name"/> with fast test-sized resilience settings, overridable.</summary>
    public static Dictionary<string, string?> Provider(string name, string kind, string baseUrl, string apiKey, params (string Key, string Value)[] overrides)
    {
        var prefix = $"AiProviders:Providers:{name}:";
        var settings = new Dictionary<string, string?>
        {
            [prefix + "Kind"] = kind,
            [prefix + "BaseUrl"] = baseUrl,
            [prefix + "ApiKey"] = apiKey,
            [prefix + "TimeoutSeconds"] = "5",
            [prefix + "MaxRetries"] = "2",
            [prefix + "RetryBaseDelayMilliseconds"] = "10",
            [prefix + "BreakerMinimumThroughput"] = "100",
        };
        foreach (var (key, value) in overrides)
        {
            settings[prefix + key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private static ServiceCollection Services(IReadOnlyDictionary<string, string?> settings, TimeProvider time, out LogCapture logs)
    {
        var capture = new LogCapture();
        logs = capture;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        services.AddLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IValidator<AiProvidersOptions>, AiProvidersOptions.Validator>();
        services.AddAiProviders(configuration);
        return services;
    }
}
