using SealServe.Models.Config;

namespace SealServe.Server.Auth;

/// <summary>Who made a call, as its bearer token says: an API key by name, or a JWT by subject.</summary>
/// <param name="Name">For the audit log: <c>api_key:app</c>, <c>jwt:alice</c>.</param>
/// <param name="Models">Models it may call; <c>*</c> for every model.</param>
internal sealed record Caller(string Name, bool Admin, IReadOnlySet<string> Models)
{
    public bool MayCall(string model) => Admin || Models.Contains(AuthConfigLoader.AnyModel) || Models.Contains(model);
}
