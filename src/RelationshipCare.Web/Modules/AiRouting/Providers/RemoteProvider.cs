using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>One configured provider: its SDK client, made once, and a chat client per model on top of it.</summary>
internal sealed class RemoteProvider : IDisposable
{
    // Ollama and vLLM take no key, but the OpenAI SDK will not send a request without one; they ignore it.
    private const string UnusedKey = "none";

    // Longer than any attempt the pipeline allows: the pipeline's timeout is the one that applies.
    private static readonly TimeSpan SdkTimeout = TimeSpan.FromHours(1);

    private readonly AiProviderOptions _options;
    private readonly HttpClient _http;
    private readonly ProviderResilience _resilience;
    private readonly Func<string, IChatClient> _createSdkClient;

    public RemoteProvider(string name, AiProviderOptions options, TimeProvider time, ILogger logger)
    {
        Name = name;
        _options = options;
        _http = new HttpClient(new RetryAfterCapture(time)) { Timeout = Timeout.InfiniteTimeSpan };
        _resilience = new ProviderResilience(name, options, time, logger);
        _createSdkClient = options.Kind == AiProviderKind.Anthropic ? AnthropicClients() : OpenAiClients();
    }

    public string Name { get; }

    public AiProviderStatus Status => _resilience.Status;

    public IChatClient CreateClient(string model) => new ResilientChatClient(_createSdkClient(model), _resilience);

    public void Dispose() => _http.Dispose();

    private Func<string, IChatClient> OpenAiClients()
    {
        var settings = new OpenAIClientOptions
        {
            // Retries and timeouts are the resilience pipeline's: the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = SdkTimeout,
            Transport = new HttpClientPipelineTransport(_http),
        };
        if (_options.BaseUrl is { } baseUrl)
        {
            // Appended, not resolved: "https://host/openai" + "v1" would resolve to "https://host/v1".
            settings.Endpoint = new Uri(baseUrl.ToString().TrimEnd('/') + "/v1");
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
            HttpClient = _http,
        };
        return model => client.AsIChatClient(model, _options.DefaultMaxOutputTokens);
    }
}
