using Microsoft.Extensions.Logging;
using SealServe.Core.Diagnostics;

namespace SealServe.Server.Auth;

/// <summary>The answer to one access check; <see cref="Message"/> is what the client is told when refused.</summary>
internal readonly record struct AccessCheck(AccessVerdict Verdict, string Message, bool TokenSent)
{
    public static AccessCheck Allowed { get; } = new(AccessVerdict.Allowed, string.Empty, true);
}

/// <summary>
/// Checks one call, REST or gRPC alike: authenticates its token (unless the call is open), decides with
/// <see cref="AccessPolicy"/>, and writes the audit line of a refusal or an admin call. A refusal tells the client
/// nothing a valid token would not: the same 401 for every bad token, the same 403 whether the model exists or not.
/// </summary>
internal sealed class AccessControl(Authenticator authenticator, ILoggerFactory loggers)
{
    private readonly ILogger audit = loggers.CreateLogger(Audit.Category);

    /// <param name="api"><c>rest</c> or <c>grpc</c>.</param>
    /// <param name="call">The method and path, or the gRPC method, for messages and the audit log.</param>
    /// <param name="peer">The client's address, for the audit log.</param>
    public async ValueTask<AccessCheck> CheckAsync(AccessRequirement requirement, string? authorization, string api, string call, string? peer)
    {
        if (requirement.Level == AccessLevel.Open)
        {
            return AccessCheck.Allowed;
        }

        var (caller, failure) = await authenticator.AuthenticateAsync(authorization).ConfigureAwait(false);
        var (verdict, model) = AccessPolicy.Decide(caller, requirement);
        switch (verdict)
        {
            case AccessVerdict.Unauthenticated:
                AuthAudit.AuthenticationFailed(audit, api, call, peer ?? "?", failure!);
                return string.IsNullOrEmpty(authorization)
                    ? new(verdict, "Missing bearer token: send the header 'Authorization: Bearer <token>'", false)
                    : new(verdict, "Invalid bearer token", true);
            case AccessVerdict.Forbidden:
                AuthAudit.AccessDenied(audit, caller!.Name, api, call, model ?? "(admin call)", peer ?? "?");
                return new(verdict, model is null ? $"Permission denied: {call} needs an admin token" : $"Permission denied for model '{model}'", true);
            default:
                if (requirement.Level == AccessLevel.Admin)
                {
                    AuthAudit.AdminCall(audit, caller!.Name, api, call, peer ?? "?");
                }

                return AccessCheck.Allowed;
        }
    }
}
