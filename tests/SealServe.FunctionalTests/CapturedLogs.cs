using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SealServe.FunctionalTests;

/// <summary>Keeps the server's log lines so tests can assert on what it reported.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<string> audit = new();

    public IReadOnlyList<string> Lines => lines.ToArray();

    /// <summary>The lines of the audit category alone (they are in <see cref="Lines"/> too).</summary>
    public IReadOnlyList<string> Audit => audit.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName == Core.Diagnostics.Audit.Category ? audit : null);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines, ConcurrentQueue<string>? audit) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel}: {formatter(state, exception)}";
            lines.Enqueue(line);
            audit?.Enqueue(line);
        }
    }
}
