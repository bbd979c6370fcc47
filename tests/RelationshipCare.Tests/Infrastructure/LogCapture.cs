using System.Collections.Concurrent;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>One log entry as a logger provider receives it: after redaction, like every sink.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, string? Exception)
{
    /// <summary>Everything the entry carries, as text: the message, each structured value and the exception.</summary>
    public string AllText => string.Join(" | ", [Message, .. State.Select(p => $"{p.Key}={p.Value}"), Exception ?? ""]);
}

/// <summary>A logger provider added to the host under test, so tests can read what the host logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var pairs = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), [.. pairs], exception?.ToString()));
        }
    }
}
