using System.Net;
using System.Text;
using System.Text.Json;

namespace RelationshipCare.AiHttpBench;

/// <summary>
/// <c>POST /v1/chat/completions</c> as OpenAI answers it, at once and with fixed content: a JSON completion with
/// <c>usage</c>, or (with <c>"stream": true</c>) server-sent <c>chat.completion.chunk</c> events, the finish chunk,
/// the usage chunk when <c>stream_options.include_usage</c> asks for it, and <c>data: [DONE]</c>. With
/// <c>--stream-delay-ms</c> each streamed piece waits that long, so that many streams are open at the same time.
/// </summary>
internal static class FakeProvider
{
    private static readonly string[] Pieces = ["The ", "renewal ", "is ", "due ", "on ", "15 ", "January."];

    private static readonly byte[] Completion = JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = "chatcmpl-bench",
        @object = "chat.completion",
        created = 1_764_115_200,
        model = "gpt-4.1-nano",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(Pieces) }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 24, completion_tokens = Pieces.Length, total_tokens = 24 + Pieces.Length, prompt_tokens_details = new { cached_tokens = 0 } },
    });

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var port = arguments.Number("port", 5222);
        var delay = TimeSpan.FromMilliseconds(arguments.Number("stream-delay-ms", 0));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var request = await JsonDocument.ParseAsync(http.Request.Body);
            var stream = request.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (!stream)
            {
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(Completion);
                return;
            }

            var includeUsage = request.RootElement.TryGetProperty("stream_options", out var options)
                && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
            http.Response.ContentType = "text/event-stream";
            await WriteAsync(http, Chunk("""{"role":"assistant","content":""}""", null, null));
            foreach (var piece in Pieces)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, http.RequestAborted);
                }

                await WriteAsync(http, Chunk(JsonSerializer.Serialize(new { content = piece }), null, null));
            }

            await WriteAsync(http, Chunk("{}", "stop", null));
            if (includeUsage)
            {
                await WriteAsync(http, Chunk(null, null, $$"""{"prompt_tokens":24,"completion_tokens":{{Pieces.Length}},"total_tokens":{{24 + Pieces.Length}}}"""));
            }

            await WriteAsync(http, "[DONE]");
        });
        Console.WriteLine($"fake OpenAI-compatible provider on http://127.0.0.1:{port}");
        await app.RunAsync();
        return 0;
    }

    private static string Chunk(string? delta, string? finishReason, string? usage) =>
        delta is null
            ? $$"""{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764115200,"model":"gpt-4.1-nano","choices":[],"usage":{{usage}}}"""
            : $$"""{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764115200,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}]}""";

    private static async Task WriteAsync(HttpContext http, string data)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n"), http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
