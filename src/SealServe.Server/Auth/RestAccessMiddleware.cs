using Microsoft.AspNetCore.Http;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Auth;

/// <summary>
/// Access control of the REST port, in front of every handler: the first <see cref="IRestAccessRule"/> that knows a
/// request says what it needs (admin when none does). Refusals are 401 with <c>WWW-Authenticate: Bearer</c> or 403, with
/// TF Serving's JSON error body.
/// </summary>
internal sealed class RestAccessMiddleware(IEnumerable<IRestAccessRule> rules, AccessControl access)
{
    private readonly IRestAccessRule[] rules = rules.ToArray();

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var check = await access.CheckAsync(Requirement(context), request.Headers.Authorization, "rest", $"{request.Method} {request.Path}", context.Connection.RemoteIpAddress?.ToString()).ConfigureAwait(false);
        if (check.Verdict == AccessVerdict.Allowed)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = check.Verdict == AccessVerdict.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        if (check.Verdict == AccessVerdict.Unauthenticated)
        {
            // RFC 6750: no error code for a missing token, invalid_token for a bad one.
            response.Headers.WWWAuthenticate = check.TokenSent ? "Bearer error=\"invalid_token\"" : "Bearer";
        }

        response.ContentType = "application/json";
        await response.Body.WriteAsync(JsonError.Format(check.Message), context.RequestAborted).ConfigureAwait(false);
    }

    private AccessRequirement Requirement(HttpContext context)
    {
        foreach (var rule in rules)
        {
            if (rule.For(context) is { } requirement)
            {
                return requirement;
            }
        }

        return AccessRequirement.Admin;
    }
}
