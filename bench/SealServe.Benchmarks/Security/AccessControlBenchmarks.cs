using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SealServe.Server;
using SealServe.Server.Auth;
using Tensorflow.Serving;

namespace SealServe.Benchmarks.Security;

/// <summary>
/// What access control adds to one request (docs/benchmarks.md, "TLS and access control"): finding a gRPC request's
/// models, and checking a token against them, an API key or a JWT (already checked, or checked the first time).
/// Divided by a request's server CPU time, this is the hot-path cost, free of the machine's noise.
/// </summary>
[MemoryDiagnoser]
public class AccessControlBenchmarks
{
    private static readonly AccessRequirement Model = AccessRequirement.Models(["half_plus_two"]);
    private readonly ModelSpecAccessRule rule = new();
    private readonly PredictRequest request = new() { ModelSpec = new ModelSpec { Name = "half_plus_two" } };
    private readonly JsonWebTokenHandler handler = new();
    private DirectoryInfo folder = null!;
    private AccessControl access = null!;
    private TokenValidationParameters validation = null!;
    private string apiKey = null!;
    private string jwt = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("sealserve-bench-auth-");
        apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        File.WriteAllText(Path.Combine(folder.FullName, "jwks.json"), JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "k", use = "sig", n = Base64Url.EncodeToString(parameters.Modulus), e = Base64Url.EncodeToString(parameters.Exponent) } } }));
        var config = Path.Combine(folder.FullName, "auth.pbtxt");
        File.WriteAllText(config, $"api_key {{ name: \"bench\" sha256: \"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))}\" models: \"half_plus_two\" }}\njwt {{ jwks_file: \"jwks.json\" issuer: \"https://bench/\" audience: \"sealserve\" }}\n");
        access = new AccessControl(new Authenticator(new ServerOptions { AuthConfigFile = config }, TimeProvider.System, NullLogger<Authenticator>.Instance), NullLoggerFactory.Instance);
        var key = new RsaSecurityKey(RSA.Create(rsa.ExportParameters(true))) { KeyId = "k" };
        jwt = "Bearer " + handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://bench/",
            Audience = "sealserve",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "bench", ["models"] = new[] { "half_plus_two" } },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        validation = new TokenValidationParameters { ValidIssuer = "https://bench/", ValidAudience = "sealserve", IssuerSigningKey = new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "k" } };
        apiKey = "Bearer " + apiKey;
    }

    [GlobalCleanup]
    public void Cleanup() => folder.Delete(recursive: true);

    [Benchmark(Description = "gRPC: models of a PredictRequest")]
    public bool GrpcRequirement() => rule.For("/tensorflow.serving.PredictionService/Predict", request) is { Level: AccessLevel.Models };

    [Benchmark(Description = "check: API key")]
    public async ValueTask<bool> ApiKey() => (await access.CheckAsync(Model, apiKey, "rest", "POST /v1/models/half_plus_two:predict", "127.0.0.1")).Verdict == AccessVerdict.Allowed;

    [Benchmark(Description = "check: JWT seen before")]
    public async ValueTask<bool> JwtCached() => (await access.CheckAsync(Model, jwt, "rest", "POST /v1/models/half_plus_two:predict", "127.0.0.1")).Verdict == AccessVerdict.Allowed;

    [Benchmark(Description = "JWT first use: RS256 validation")]
    public async Task<bool> JwtValidation() => (await handler.ValidateTokenAsync(jwt["Bearer ".Length..], validation)).IsValid;
}
