using Microsoft.Extensions.AI;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Benchmarks.AiProviders;

/// <summary>
/// <see cref="IAiProviders"/> for router benchmarks: every provider the catalogue names answers through one
/// <see cref="InstantChatClient"/> and is always healthy. Register it in place of the real one:
/// <c>services.Replace(ServiceDescriptor.Singleton&lt;IAiProviders&gt;(new InstantAiProviders(["local", "openai"])))</c>.
/// </summary>
internal sealed class InstantAiProviders(IReadOnlyCollection<string> names, IChatClient? client = null) : IAiProviders
{
    private readonly IChatClient _client = client ?? new InstantChatClient();

    public IReadOnlyCollection<string> Names => names;

    public IChatClient GetChatClient(string provider, string model) => _client;

    public AiProviderStatus GetStatus(string provider) => new(provider, AiProviderHealth.Healthy, LastError: null, LastErrorAt: null);
}
