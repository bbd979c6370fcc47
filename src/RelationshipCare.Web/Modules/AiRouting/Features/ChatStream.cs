using System.Globalization;
using System.Text.Json;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// Writes an answer as OpenAI's server-sent events: a role chunk, content deltas as they arrive, a closing chunk with
/// the finish reason, the usage chunk when <c>stream_options.include_usage</c> asks for it (with the cost), then
/// <c>data: [DONE]</c>. The headers go out first, so they carry the estimate; the cost is in the usage chunk.
/// </summary>
internal static class ChatStream
{
    private sealed record Chunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChunkChoice> Choices, ChunkUsage? Usage);

    private sealed record ChunkChoice(int Index, Delta Delta, string? FinishReason);

    private sealed record Delta(string? Role, string? Content);

    /// <param name="CostUsd">Not in OpenAI's schema; clients that do not know it ignore it.</param>
    private sealed record ChunkUsage(int PromptTokens, int CompletionTokens, int TotalTokens, CompleteChat.PromptTokensDetails PromptTokensDetails, decimal CostUsd);

    public static async Task WriteAsync(HttpContext http, CompleteChat.Body body, Guid requestId, string model, bool cached, long estimateMicros, IAsyncEnumerable<AiStreamEvent> events)
    {
        var id = "chatcmpl-" + requestId.ToString("N");
        var created = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        var response = http.Response;
        CompleteChat.SetHeaders(http, requestId, model, cached);
        response.Headers[CompleteChat.EstimateHeader] = Micros.ToUsd(estimateMicros).ToString("0.######", CultureInfo.InvariantCulture);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var aborted = http.RequestAborted;

        await SendAsync(new Chunk(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, new Delta("assistant", ""), null)], null));
        await foreach (var item in events.WithCancellation(aborted))
        {
            if (item.Text is { } text)
            {
                await SendAsync(new Chunk(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, new Delta(null, text), null)], null));
            }
            else if (item.Final is { } final)
            {
                await SendAsync(new Chunk(id, "chat.completion.chunk", created, final.ModelUsed, [new ChunkChoice(0, new Delta(null, null), final.Error is null ? "stop" : "length")], null));
                if (body.StreamOptions?.IncludeUsage == true)
                {
                    var usage = new ChunkUsage(final.PromptTokens, final.CompletionTokens, final.PromptTokens + final.CompletionTokens,
                        new CompleteChat.PromptTokensDetails(final.CachedTokens), final.CostUsd);
                    await SendAsync(new Chunk(id, "chat.completion.chunk", created, final.ModelUsed, [], usage));
                }
            }
        }

        await response.WriteAsync("data: [DONE]\n\n", aborted);
        await response.Body.FlushAsync(aborted);

        async Task SendAsync(Chunk chunk)
        {
            await response.WriteAsync("data: " + JsonSerializer.Serialize(chunk, OpenAiCompatible.Json) + "\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }
    }
}
