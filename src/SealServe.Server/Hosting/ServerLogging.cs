using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SealServe.Core.Diagnostics;
using SealServe.Core.Errors;

namespace SealServe.Server.Hosting;

/// <summary>The server's logs: one line per event as text (the default) or as a JSON object (<c>--log_format=json</c>).</summary>
internal static class ServerLogging
{
    public static void Configure(ILoggingBuilder logging, ServerOptions options, Func<bool> started, Action<ILoggingBuilder>? custom)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);

        // Until the ports are open, the host and Kestrel would log a failed start with its stack trace; the
        // command line reports it in one line instead.
        foreach (var category in new[] { "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore.Server.Kestrel" })
        {
            logging.AddFilter(category, level => level >= LogLevel.Warning && started());
        }

        if (options.LogRequests)
        {
            logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
        }

        if (options.AuditLogFile is { } auditFile)
        {
            // Routed to its own sink: the audit category goes to that file and nowhere else.
            logging.AddProvider(OpenAuditFile(auditFile));
            logging.AddFilter((provider, category, _) => category != Audit.Category || provider == typeof(AuditFileLoggerProvider).FullName);
        }

        if (custom is not null)
        {
            custom(logging);
        }
        else if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.UseUtcTimestamp = true;

                // Log text is not HTML: keep '+', quotes and non-ASCII readable.
                o.JsonWriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            });
        }
    }

    private static AuditFileLoggerProvider OpenAuditFile(string path)
    {
        try
        {
            return new AuditFileLoggerProvider(path, TimeProvider.System);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ServingException.FailedPrecondition($"--audit_log_file {path}: cannot open it for appending ({e.Message})");
        }
    }
}

/// <summary><c>--log_format</c>.</summary>
public enum LogFormat
{
    Text,
    Json,
}
