using Microsoft.Extensions.Logging;

namespace SealServe.Server.Auth;

/// <summary>Audit lines of access control (category <see cref="Core.Diagnostics.Audit.Category"/>, event ids 51xx). Never a token.</summary>
internal static partial class AuthAudit
{
    [LoggerMessage(5101, LogLevel.Warning, "Authentication failed: {Api} {Call} from {Peer}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string api, string call, string peer, string reason);

    [LoggerMessage(5102, LogLevel.Warning, "Access denied: {Caller} {Api} {Call} on {Model} from {Peer}")]
    public static partial void AccessDenied(ILogger logger, string caller, string api, string call, string model, string peer);

    [LoggerMessage(5103, LogLevel.Information, "Admin call: {Caller} {Api} {Call} from {Peer}")]
    public static partial void AdminCall(ILogger logger, string caller, string api, string call, string peer);
}
