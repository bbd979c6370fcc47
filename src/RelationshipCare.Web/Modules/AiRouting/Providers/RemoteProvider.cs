using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>One configured provider: its SDK client, made once, and a chat client per model on top of it.</summary>
internal sealed class RemoteProvider
{
    // Ollama and vLLM take no key, but the OpenAI SDK will not send a request without one; they ignore it.
    private const string UnusedKey = "none";

    // Longer than any attempt the pipeline allows: the pipeline's timeout is the one that applies.
    private static readonly TimeSpan SdkTimeout = TimeSpan.FromHours(1);

    private readonly AiProviderOptions _options;
    private readonly Func<string, IChatClient> _createSdkClient;

    public RemoteProvider(string name, AiProviderOptions options)
    {
        Name = name;
        _options = options;
        _createSdkClient = options.Kind == AiProviderKind.Anthropic ? AnthropicClients() : OpenAiClients();
    }

    public string Name { get; }

    public AiProviderStatus Status => new(Name, AiProviderHealth.Healthy, LastError: null, LastErrorAt: null);

    public IChatClient CreateClient(string model) => _createSdkClient(model);

    private Func<string, IChatClient> OpenAiClients()
    {
        var settings = new OpenAIClientOptions
        {
            // Retries and timeouts are the resilience pipeline's: the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = SdkTimeout,
        };
        if (_options.BaseUrl is { } baseUrl)
        {
            settings.Endpoint = new Uri(baseUrl, "v1");
        }

        var client = new OpenAIClient(new ApiKeyCredential(_options.ApiKey is { Length: > 0 } key ? key : UnusedKey), settings);
        return model => client.GetChatClient(model).AsIChatClient();
    }

    private Func<string, IChatClient> AnthropicClients()
    {
        var client = new AnthropicClient
        {
            ApiKey = _options.ApiKey,
            BaseUrl = _options.BaseUrl?.ToString().TrimEnd('/') ?? EnvironmentUrl.Production,
            MaxRetries = 0,
            Timeout = SdkTimeout,
        };
        return model => client.AsIChatClient(model, _options.DefaultMaxOutputTokens);
    }
}
