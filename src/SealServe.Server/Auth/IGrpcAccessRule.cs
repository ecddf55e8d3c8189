namespace SealServe.Server.Auth;

/// <summary>
/// Declares what gRPC calls need (<see cref="AccessRequirement"/>), from the method and the request message (null for
/// a client stream). Rules are asked in registration order and the first that knows a call decides; a call no rule
/// knows needs an admin token. A request carrying a <c>ModelSpec</c> is known already (<see cref="ModelSpecAccessRule"/>).
/// </summary>
internal interface IGrpcAccessRule
{
    /// <summary>The requirement, or null when this rule does not know the call.</summary>
    AccessRequirement? For(string method, object? request);
}
