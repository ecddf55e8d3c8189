using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SealServe.FunctionalTests.Batching;

/// <summary>
/// Counts the batching layer's debug lines "Ran a batch of N rows from M requests", so tests can check that
/// requests really were merged (M &gt; 1).
/// </summary>
public sealed partial class BatchRunCounter : ILoggerProvider
{
    private int mergedRuns;

    public int MergedRuns => Volatile.Read(ref mergedRuns);

    /// <summary>Adds this provider to a server's services, at Debug level for the batching category only.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(BatchRunCounter).FullName, "SealServe.Models.Batching", LogLevel.Debug, null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    [GeneratedRegex(@"^Ran a batch of \d+ rows from (\d+) requests")]
    private static partial Regex BatchRan();

    private sealed class Logger(BatchRunCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (BatchRan().Match(formatter(state, exception)) is { Success: true } match && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1)
            {
                Interlocked.Increment(ref counter.mergedRuns);
            }
        }
    }
}
