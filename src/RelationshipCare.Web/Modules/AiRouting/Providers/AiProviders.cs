using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Providers.Local;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// The configured providers and the local one. A chat client is made once per provider and model and kept: the
/// SDK clients are thread-safe and hold the connection pool.
/// </summary>
internal sealed class AiProviders : IAiProviders, IDisposable
{
    private readonly LocalChatClient _local;
    private readonly IReadOnlyDictionary<string, RemoteProvider> _remote;
    private readonly ConcurrentDictionary<(string Provider, string Model), IChatClient> _clients = new();

    public AiProviders(IOptions<AiProvidersOptions> options, LocalChatClient local, TimeProvider time, ILogger<AiProviders> logger)
    {
        _local = local;
        _remote = options.Value.Providers.ToDictionary(
            p => p.Key,
            p => new RemoteProvider(p.Key, p.Value, time, logger),
            StringComparer.OrdinalIgnoreCase);
        Names = [LocalAiProvider.Name, .. _remote.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyCollection<string> Names { get; }

    public IChatClient GetChatClient(string provider, string model)
    {
        if (string.Equals(provider, LocalAiProvider.Name, StringComparison.OrdinalIgnoreCase))
        {
            return _local;
        }

        var remote = Remote(provider);
        return _clients.GetOrAdd((remote.Name, model), key => remote.CreateClient(key.Model));
    }

    public AiProviderStatus GetStatus(string provider) =>
        string.Equals(provider, LocalAiProvider.Name, StringComparison.OrdinalIgnoreCase)
            ? new AiProviderStatus(LocalAiProvider.Name, AiProviderHealth.Healthy, LastError: null, LastErrorAt: null)
            : Remote(provider).Status;

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (var remote in _remote.Values)
        {
            remote.Dispose();
        }
    }

    private RemoteProvider Remote(string provider) =>
        _remote.TryGetValue(provider, out var remote)
            ? remote
            : throw new ArgumentException($"No AI provider is named '{provider}'. Known: {string.Join(", ", Names)}.", nameof(provider));
}
