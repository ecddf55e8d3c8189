using System.Text.Json;
using Microsoft.Extensions.Logging;
using SealServe.Core.Diagnostics;

namespace SealServe.Server.Hosting;

/// <summary>
/// <c>--audit_log_file</c>: the audit category's lines, and only those, appended to their own file as JSON objects
/// (time, event id, event name, level, message, and each field), flushed line by line. The file is created owner-only.
/// </summary>
internal sealed class AuditFileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter writer;
    private readonly TimeProvider time;
    private readonly Lock gate = new();

    public AuditFileLoggerProvider(string path, TimeProvider time)
    {
        this.time = time;
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        writer = new StreamWriter(new FileStream(path, options)) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Audit.Category ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() => writer.Dispose();

    private void Write<TState>(LogLevel level, EventId eventId, TState state, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow());
            json.WriteNumber("event", eventId.Id);
            json.WriteString("name", eventId.Name);
            json.WriteString("level", level.ToString());
            json.WriteString("message", message);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields.Where(f => f.Key != "{OriginalFormat}"))
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            json.WriteEndObject();
        }

        lock (gate)
        {
            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private sealed class Logger(AuditFileLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Write(logLevel, eventId, state, formatter(state, exception));
    }
}
