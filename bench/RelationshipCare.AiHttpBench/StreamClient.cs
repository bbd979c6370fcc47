using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace RelationshipCare.AiHttpBench;

/// <summary>
/// Starts <c>--count</c> streamed chat completions at once, each on its own connection, and reads every stream to
/// its end. A stream counts as a success only with a 200, a usage chunk and <c>data: [DONE]</c>. Prints one
/// machine-readable <c>RESULT</c> line: successes, failures (by reason), the most streams open at once, streams per
/// second over the whole run, and p50/p99/max of each stream's time from sending to <c>[DONE]</c>.
/// </summary>
internal static class StreamClient
{
    private const string Body = """{"model":"auto","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"When is the renewal due?"}]}""";

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var url = new Uri(arguments.Text("url"));
        var key = arguments.Text("key");
        var count = arguments.Number("count", 1000);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(arguments.Number("timeout-s", 120)) };
        var open = 0;
        var peak = 0;
        var durations = new double[count];
        var failures = new string?[count];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var streams = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            var began = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var now = Interlocked.Increment(ref open);
                InterlockedMax(ref peak, now);
                try
                {
                    failures[i] = response.IsSuccessStatusCode ? await ReadToEndAsync(response) : $"status-{(int)response.StatusCode}";
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                failures[i] = exception.GetType().Name;
            }

            durations[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        }).ToList();
        clock.Restart();
        start.SetResult();
        await Task.WhenAll(streams);
        var seconds = clock.Elapsed.TotalSeconds;

        var ok = durations.Where((_, i) => failures[i] is null).Order().ToArray();
        var reasons = failures.Where(f => f is not null).GroupBy(f => f).Select(g => $"{g.Key}:{g.Count()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT streams={count} ok={ok.Length} failed={count - ok.Length} peak_open={peak} seconds={seconds:0.00} streams_per_s={ok.Length / seconds:0} " +
            $"p50_ms={Percentile(ok, 50):0.0} p99_ms={Percentile(ok, 99):0.0} max_ms={(ok.Length > 0 ? ok[^1] : 0):0.0} failures={string.Join(',', reasons)}"));
        return ok.Length == count ? 0 : 1;
    }

    /// <summary>Null when the stream carried a usage chunk and ended with <c>[DONE]</c>; otherwise what was missing.</summary>
    private static async Task<string?> ReadToEndAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var usage = false;
        var done = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                done = line == "data: [DONE]";
                usage |= line.Contains("\"usage\":{", StringComparison.Ordinal);
            }
        }

        return !usage ? "no-usage-chunk" : !done ? "no-DONE" : null;
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
