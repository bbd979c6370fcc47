using System.Collections.Concurrent;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>One log entry as a logger provider receives it (after redaction), rendered to text as a sink would.</summary>
/// <param name="Values">Each structured value as <c>Name=value</c>.</param>
internal sealed record CapturedLog(string Category, string Message, IReadOnlyList<string> Values, string? Exception)
{
    /// <summary>Everything the entry carries, as text: the message, each structured value and the exception.</summary>
    public string AllText => string.Join(" | ", [Message, .. Values, Exception ?? ""]);
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

        /// <remarks>
        /// Values are rendered now, during the call: redacted values are formatted on demand and do not outlive it.
        /// </remarks>
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = (state as IEnumerable<KeyValuePair<string, object?>> ?? []).Select(p => $"{p.Key}={p.Value}").ToList();
            entries.Enqueue(new CapturedLog(category, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
