using Microsoft.Extensions.Logging;

namespace SealServe.Cli.Commands;

/// <summary>Log messages of the command line (event ids 6xxx).</summary>
internal static partial class CliLog
{
    [LoggerMessage(6001, LogLevel.Warning, "unknown argument: {Argument}")]
    public static partial void UnknownArgument(ILogger logger, string argument);

    [LoggerMessage(6002, LogLevel.Warning, "Flag accepted but not implemented yet: {Flag}")]
    public static partial void FlagNotImplemented(ILogger logger, string flag);
}
