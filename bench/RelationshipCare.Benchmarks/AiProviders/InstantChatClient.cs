using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RelationshipCare.Benchmarks.AiProviders;

/// <summary>
/// A provider with no latency and no work: it answers a fixed text with fixed usage, at once, so that a benchmark of
/// the router measures the router. Streamed, it yields the answer in as many updates as asked, then one carrying the usage,
/// as the real providers do. Everything is built once, so a call allocates almost nothing.
/// </summary>
internal sealed class InstantChatClient : IChatClient
{
    private readonly ChatResponse _response;
    private readonly ChatResponseUpdate[] _updates;

    public InstantChatClient(string text = "Maria's homeowners policy renews on January 15, 2027 at $1,710.", int inputTokens = 1000, int chunks = 20)
    {
        var usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = chunks, TotalTokenCount = inputTokens + chunks };
        _response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "instant", FinishReason = ChatFinishReason.Stop, Usage = usage };
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)chunks));
        _updates =
        [
            .. Enumerable.Range(0, chunks)
                .Select(i => text.Substring(Math.Min(i * size, text.Length), Math.Clamp(text.Length - (i * size), 0, size)))
                .Select(piece => new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = "instant" }),
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { ModelId = "instant", FinishReason = ChatFinishReason.Stop },
        ];
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_response);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in _updates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }

        await Task.CompletedTask;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
