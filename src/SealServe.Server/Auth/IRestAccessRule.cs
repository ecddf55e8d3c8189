using Microsoft.AspNetCore.Http;

namespace SealServe.Server.Auth;

/// <summary>
/// Declares what REST requests need (<see cref="AccessRequirement"/>). Rules are asked in registration order and the
/// first that knows a request decides; a request no rule knows needs an admin token. A new REST route registers a
/// rule naming the model it touches, or it stays admin-only.
/// </summary>
internal interface IRestAccessRule
{
    /// <summary>The requirement, or null when this rule does not know the request.</summary>
    AccessRequirement? For(HttpContext context);
}
