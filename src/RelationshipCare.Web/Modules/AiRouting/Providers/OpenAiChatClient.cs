using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AiChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatFinishReason = OpenAI.Chat.ChatFinishReason;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// The official OpenAI SDK's chat client as an <see cref="IChatClient"/>, for what the router sends: text messages
/// (system, user, assistant), an output cap and a temperature, answered whole or streamed, with the provider's usage.
/// Microsoft.Extensions.AI's own adapter covers the whole API (tools, images, structured output) and costs about 30 µs
/// more per call (measured against a local endpoint), on every request the router sends to an OpenAI-compatible
/// provider. Errors are the SDK's own (<see cref="System.ClientModel.ClientResultException"/>), as before.
/// </summary>
internal sealed class OpenAiChatClient(ChatClient client) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatCompletion completion = await client.CompleteChatAsync(Messages(messages), Options(options), cancellationToken);
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, Text(completion.Content)))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = Finish(completion.FinishReason),
            Usage = Usage(completion.Usage),
        };
    }

    /// <summary>The SDK asks for the closing usage chunk itself (<c>stream_options.include_usage</c>).</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in client.CompleteChatStreamingAsync(Messages(messages), Options(options), cancellationToken))
        {
            List<AIContent> contents = [];
            if (Text(update.ContentUpdate) is { Length: > 0 } text)
            {
                contents.Add(new TextContent(text));
            }

            if (update.Usage is { } usage)
            {
                contents.Add(new UsageContent(Usage(usage)!));
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ResponseId = update.CompletionId,
                ModelId = update.Model,
                CreatedAt = update.CreatedAt,
                FinishReason = update.FinishReason is { } finish ? Finish(finish) : null,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static List<SdkChatMessage> Messages(IEnumerable<AiChatMessage> messages) =>
    [
        .. messages.Select(message => message.Role == ChatRole.System ? new SystemChatMessage(message.Text)
            : message.Role == ChatRole.Assistant ? new AssistantChatMessage(message.Text)
            : (SdkChatMessage)new UserChatMessage(message.Text)),
    ];

    private static ChatCompletionOptions Options(ChatOptions? options) => new()
    {
        MaxOutputTokenCount = options?.MaxOutputTokens,
        Temperature = options?.Temperature,
    };

    private static string Text(ChatMessageContent content) =>
        content.Count == 1 ? content[0].Text ?? "" : string.Concat(content.Select(part => part.Text));

    private static UsageDetails? Usage(ChatTokenUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
        ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
    };

    private static AiChatFinishReason? Finish(SdkChatFinishReason reason) => reason switch
    {
        SdkChatFinishReason.Stop => AiChatFinishReason.Stop,
        SdkChatFinishReason.Length => AiChatFinishReason.Length,
        SdkChatFinishReason.ContentFilter => AiChatFinishReason.ContentFilter,
        SdkChatFinishReason.ToolCalls or SdkChatFinishReason.FunctionCall => AiChatFinishReason.ToolCalls,
        _ => null,
    };
}
