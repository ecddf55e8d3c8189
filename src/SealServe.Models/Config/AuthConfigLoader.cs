using System.Globalization;
using SealServe.Core.Errors;
using ProtoAuthConfig = SealServe.Config.AuthConfig;

namespace SealServe.Models.Config;

/// <summary>
/// Reads an <c>--auth_config_file</c> (text-format <c>sealserve.config.AuthConfig</c>, protos/sealserve/config) into
/// <see cref="AuthOptions"/>, reporting every problem at once. The file names keys and hashes, never tokens, so its
/// errors may quote it; a hash is still never repeated back.
/// </summary>
public static class AuthConfigLoader
{
    /// <summary>The whole-model wildcard of <c>models</c> and of a token's models claim.</summary>
    public const string AnyModel = "*";

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ServingException">NOT_FOUND for a missing file; INVALID_ARGUMENT naming every problem.</exception>
    public static AuthOptions Load(string path) => Parse(ConfigFile.ReadText(path), path);

    /// <summary>Parses and validates config text; <paramref name="path"/> names it in errors and anchors a relative <c>jwks_file</c>.</summary>
    public static AuthOptions Parse(string text, string? path = null)
    {
        var proto = ConfigFile.Parse<ProtoAuthConfig>(text, path);
        var errors = new List<Exception>();
        var keys = new List<ApiKeyRule>();
        foreach (var key in proto.ApiKey)
        {
            if (ReadKey(key, errors) is { } rule)
            {
                keys.Add(rule);
            }
        }

        foreach (var name in keys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add(Invalid($"api_key name '{name}' is used more than once"));
        }

        foreach (var group in keys.GroupBy(k => Convert.ToHexString(k.Sha256.Span)).Where(g => g.Count() > 1))
        {
            errors.Add(Invalid($"api_keys {string.Join(", ", group.Select(k => $"'{k.Name}'"))} have the same sha256: one token would be all of them"));
        }

        var jwt = proto.Jwt is null ? null : ReadJwt(proto.Jwt, path, errors);
        if (keys.Count == 0 && jwt is null && errors.Count == 0)
        {
            errors.Add(Invalid("no api_key and no jwt: no caller could get in"));
        }

        ConfigFile.ThrowIfAny(errors, "the auth config");
        return new AuthOptions(keys, jwt);
    }

    private static ApiKeyRule? ReadKey(SealServe.Config.ApiKey key, List<Exception> errors)
    {
        var name = key.Name;
        if (name.Length == 0)
        {
            errors.Add(Invalid("an api_key has no name"));
            name = "(no name)";
        }

        var hash = key.Sha256.Length == 64 && key.Sha256.All(char.IsAsciiHexDigit) ? Convert.FromHexString(key.Sha256) : null;
        if (hash is null)
        {
            errors.Add(Invalid($"api_key '{name}': sha256 must be the token's SHA-256 as 64 hex digits (printf %s \"$TOKEN\" | sha256sum), not the token"));
        }

        if (key.Models.Count == 0 && !key.Admin)
        {
            errors.Add(Invalid($"api_key '{name}' lists no models and is not admin: it could call nothing"));
        }

        return hash is null || key.Name.Length == 0 ? null : new ApiKeyRule(key.Name, hash, key.Models.ToHashSet(StringComparer.Ordinal), key.Admin);
    }

    private static JwtRule? ReadJwt(SealServe.Config.JwtConfig jwt, string? path, List<Exception> errors)
    {
        var before = errors.Count;
        if (jwt.JwksFile.Length == 0)
        {
            errors.Add(Invalid("jwt.jwks_file is empty"));
        }

        if (jwt.Issuer.Count == 0)
        {
            errors.Add(Invalid("jwt lists no issuer"));
        }

        if (jwt.Audience.Count == 0)
        {
            errors.Add(Invalid("jwt lists no audience"));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var folder = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new JwtRule(
            Path.GetFullPath(jwt.JwksFile, folder),
            [.. jwt.Issuer],
            [.. jwt.Audience],
            jwt.ModelsClaim.Length > 0 ? jwt.ModelsClaim : "models",
            jwt.AdminClaim.Length > 0 ? jwt.AdminClaim : "admin",
            TimeSpan.FromSeconds(jwt.ClockSkewSeconds));
    }

    private static ServingException Invalid(string message) =>
        ServingException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"AuthConfig {message}"));
}
