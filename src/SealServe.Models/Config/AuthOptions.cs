namespace SealServe.Models.Config;

/// <summary>
/// The access rules of <c>--auth_config_file</c> (our <c>sealserve.config.AuthConfig</c>), checked: who may call
/// the server, with which bearer tokens, on which models. Holds token hashes only, never a token.
/// </summary>
public sealed record AuthOptions(IReadOnlyList<ApiKeyRule> ApiKeys, JwtRule? Jwt);

/// <summary>One static bearer token, known by the SHA-256 of its text.</summary>
/// <param name="Name">Names the key in the audit log.</param>
/// <param name="Sha256">SHA-256 of the token's UTF-8 bytes (32 bytes).</param>
/// <param name="Models">Models it may call; <c>*</c> for every model.</param>
/// <param name="Admin">May reload the model config, and call every model.</param>
public sealed record ApiKeyRule(string Name, ReadOnlyMemory<byte> Sha256, IReadOnlySet<string> Models, bool Admin);

/// <summary>JSON Web Tokens: signed by a key of <paramref name="JwksFile"/>, from one of the issuers, for one of the audiences.</summary>
/// <param name="JwksFile">Absolute path of the JSON Web Key Set (a relative one in the file is taken from the file's folder).</param>
/// <param name="ModelsClaim">The claim listing the models a token may call.</param>
/// <param name="AdminClaim">The claim that, when <c>true</c>, makes a token an admin token.</param>
/// <param name="ClockSkew">Clock difference tolerated on <c>exp</c> and <c>nbf</c>.</param>
public sealed record JwtRule(string JwksFile, IReadOnlyList<string> Issuers, IReadOnlyList<string> Audiences, string ModelsClaim, string AdminClaim, TimeSpan ClockSkew);
