using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace RelationshipCare.Web.Platform.Observability;

/// <summary>
/// Production's log lines, a batch at a time: Serilog's batching takes each event off the caller's thread at once,
/// and a batch is formatted into one buffer and written to <paramref name="output"/> (standard output) in as few
/// writes as it fills. The console sink wrote each line through <see cref="Console.Out"/>, a write for every 256
/// characters, from a thread woken for every line.
/// </summary>
internal sealed class StandardOutputSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    private readonly StreamWriter _output = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _output);
        }

        await _output.FlushAsync();
    }

    public void Dispose() => _output.Dispose();
}
