using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SealServe.Sealing.Tests;

/// <summary>Keeps formatted log lines so tests can assert what was (and was not) logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel} {eventId.Id}: {formatter(state, exception)}");
}
