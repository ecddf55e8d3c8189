using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using SealServe.Server.Hosting;

namespace SealServe.Server.Auth;

/// <summary>
/// Turns an <c>Authorization: Bearer &lt;token&gt;</c> value (REST header or gRPC metadata) into a <see cref="Caller"/>:
/// an API key of <c>--auth_config_file</c> (by the token's SHA-256), else a JWT signed by a key of its JWKS file.
/// Both files are re-read when they change. Tokens are never logged or kept.
/// </summary>
internal sealed class Authenticator : IReloadable
{
    private const string Scheme = "Bearer ";
    private readonly JsonWebTokenHandler jwts = new() { MapInboundClaims = false };
    private readonly ReloadingConfig<AuthState> state;
    private readonly TimeProvider time;

    public Authenticator(ServerOptions options, TimeProvider time, ILogger<Authenticator> logger)
    {
        this.time = time;
        var path = options.AuthConfigFile ?? throw new InvalidOperationException("no --auth_config_file");
        state = new($"--auth_config_file {path}", files => AuthState.Load(files, path), logger);
    }

    public void ReloadIfChanged() => state.ReloadIfChanged();

    /// <returns>The caller; or null and why, for the audit log (clients get one answer for every failure).</returns>
    public async ValueTask<(Caller? Caller, string? Failure)> AuthenticateAsync(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return (null, "no bearer token");
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "not a bearer token");
        }

        var token = authorization.AsSpan(Scheme.Length).Trim();
        var hash = AuthState.Hash(token);
        var current = state.Current;
        if (current.FindKey(hash) is { } key)
        {
            return (new Caller($"api_key:{key.Name}", key.Admin, key.Models), null);
        }

        if (current.Jwt is not { } jwt || current.JwtValidation is not { } validation || token.Count('.') != 2)
        {
            return (null, "unknown token");
        }

        var hashKey = Convert.ToBase64String(hash);
        if (current.Validated(hashKey, time.GetUtcNow()) is { } known)
        {
            return (known, null);
        }

        var result = await jwts.ValidateTokenAsync(token.ToString(), validation).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // The exception's type says why (expired, wrong audience, unknown key...) without quoting the token.
            return (null, $"JWT refused: {result.Exception?.GetType().Name ?? "invalid"}");
        }

        var identity = result.ClaimsIdentity;
        var models = identity.FindAll(jwt.ModelsClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var admin = string.Equals(identity.FindFirst(jwt.AdminClaim)?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var caller = new Caller($"jwt:{identity.Name ?? "(no sub)"}", admin, models);
        current.RememberValidated(hashKey, caller, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero) + jwt.ClockSkew);
        return (caller, null);
    }
}
