using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Server.Hosting;

namespace SealServe.Server.Auth;

/// <summary>The access rules in effect: API keys by token hash, and the JWT check built from the JWKS file.</summary>
internal sealed class AuthState
{
    /// <summary>Asymmetric signatures only: a JWKS holds public keys, and "none" or HMAC must never pass.</summary>
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Enough for every caller of a busy server; past it, the cache starts over rather than grow.</summary>
    private const int MaxValidatedTokens = 4096;

    private readonly IReadOnlyList<ApiKeyRule> keys;

    // JWTs already checked, by the token's hash, until they expire: a signature check costs far more than a request.
    // A reload builds a new state, so a rotated JWKS or a changed rule drops them all.
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> validated = new(StringComparer.Ordinal);

    private AuthState(IReadOnlyList<ApiKeyRule> keys, JwtRule? jwt, TokenValidationParameters? validation)
    {
        this.keys = keys;
        Jwt = jwt;
        JwtValidation = validation;
    }

    public JwtRule? Jwt { get; }

    public TokenValidationParameters? JwtValidation { get; }

    /// <summary>Reads the auth config file and, when it names one, the JWKS file.</summary>
    public static AuthState Load(ConfigReads files, string path)
    {
        var options = AuthConfigLoader.Parse(files.ReadText(path), path);
        var validation = options.Jwt is { } jwt ? Validation(jwt, files.ReadText(jwt.JwksFile)) : null;
        return new AuthState(options.ApiKeys, options.Jwt, validation);
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes: what API keys are known by, and what validated JWTs are cached by.</summary>
    public static byte[] Hash(ReadOnlySpan<char> token)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(token)];
        Encoding.UTF8.GetBytes(token, bytes);
        var hash = SHA256.HashData(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return hash;
    }

    /// <summary>
    /// The API key whose hash is <paramref name="hash"/>, or null. Every key is compared, each in constant time, so
    /// how long this takes says nothing about which key, or how much of one, matched.
    /// </summary>
    public ApiKeyRule? FindKey(ReadOnlySpan<byte> hash)
    {
        ApiKeyRule? found = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256.Span))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>The caller of a JWT checked before, while it is unexpired.</summary>
    public Caller? Validated(string tokenHash, DateTimeOffset now) =>
        validated.TryGetValue(tokenHash, out var entry) && now < entry.Expires ? entry.Caller : null;

    public void RememberValidated(string tokenHash, Caller caller, DateTimeOffset expires)
    {
        if (validated.Count >= MaxValidatedTokens)
        {
            validated.Clear();
        }

        validated[tokenHash] = (caller, expires);
    }

    private static TokenValidationParameters Validation(JwtRule jwt, string jwks)
    {
        IList<SecurityKey> signingKeys;
        try
        {
            signingKeys = new JsonWebKeySet(jwks).GetSigningKeys();
        }
        catch (ArgumentException e)
        {
            throw ServingException.InvalidArgument($"{jwt.JwksFile}: not a JSON Web Key Set ({e.Message})");
        }

        if (signingKeys.Count == 0)
        {
            throw ServingException.InvalidArgument($"{jwt.JwksFile}: no signing key (RSA or EC keys with \"use\": \"sig\" or no \"use\")");
        }

        return new TokenValidationParameters
        {
            ValidIssuers = jwt.Issuers,
            ValidAudiences = jwt.Audiences,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
    }
}
