using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Security;

/// <summary>
/// JWT bearer tokens checked against a JWKS file (issuer, audience, expiry, signature), with the models they may
/// call in a claim, over REST and gRPC; the JWKS file re-read when it changes (signing key rotation).
/// </summary>
public sealed class JwtAuthTests : IAsyncLifetime
{
    private const string Issuer = "https://login.example.test/";
    private const string Audience = "sealserve";
    private readonly RSA current = RSA.Create(2048);
    private readonly RSA next = RSA.Create(2048);
    private readonly TempModelRepository m = new();
    private readonly TempModelRepository n = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-jwt-");
    private TestServer server = null!;

    private string JwksPath => Path.Combine(folder.FullName, "jwks.json");

    public static TheoryData<string, string> Refused() => new()
    {
        { "expired", "SecurityTokenExpiredException" },
        { "other_audience", "SecurityTokenInvalidAudienceException" },
        { "other_issuer", "SecurityTokenInvalidIssuerException" },
        { "unknown_key", "SecurityTokenSignatureKeyNotFoundException" },
        { "unsigned", "SecurityTokenInvalidSignatureException" },
    };

    public async ValueTask InitializeAsync()
    {
        m.AddVersion("1", TestModels.HalfPlusTwo());
        n.AddVersion("1", TestModels.HalfPlusTwo());
        WriteJwks(("current", current));
        var config = Path.Combine(folder.FullName, "auth.pbtxt");
        File.WriteAllText(config, $"jwt {{ jwks_file: \"jwks.json\" issuer: \"{Issuer}\" audience: \"{Audience}\" }}\n");
        server = await TestServer.StartAsync([ModelConfig.Create("m", m.BasePath), ModelConfig.Create("n", n.BasePath)], configure: o => o.AuthConfigFile = config);
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("grpc")]
    public async Task Token_ValidWithModelsClaim_CallsThoseModelsOnly(string api)
    {
        var token = Token(current, "current", models: ["m"]);

        var allowed = api == "rest" ? await AuthTests.RestAsync(server, token, "predict", "m") : await AuthTests.GrpcAsync(server, token, "predict", "m");
        var refused = api == "rest" ? await AuthTests.RestAsync(server, token, "predict", "n") : await AuthTests.GrpcAsync(server, token, "predict", "n");

        Assert.Equal(("200", string.Empty), allowed);
        Assert.Equal(("403", "Permission denied for model 'n'"), refused);
    }

    [Fact]
    public async Task Token_AdminClaim_MayReloadTheConfig()
    {
        var admin = await AuthTests.GrpcAsync(server, Token(current, "current", models: [], admin: true), "reload", "m");
        var user = await AuthTests.GrpcAsync(server, Token(current, "current", models: ["*"]), "reload", "m");

        Assert.Equal("200", admin.Status);
        Assert.Equal("403", user.Status);
        Assert.Contains(server.Logs.Audit, l => l.StartsWith("Information: Admin call: jwt:alice grpc /tensorflow.serving.ModelService/HandleReloadConfigRequest", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Token_NotAcceptable_Unauthenticated(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => Token(current, "current", models: ["m"], expires: DateTime.UtcNow.AddMinutes(-5)),
            "other_audience" => Token(current, "current", models: ["m"], audience: "another-service"),
            "other_issuer" => Token(current, "current", models: ["m"], issuer: "https://evil.example.test/"),
            "unknown_key" => Token(next, "next", models: ["m"]),
            _ => Unsigned(models: ["m"]),
        };

        var rest = await AuthTests.RestAsync(server, token, "predict", "m");
        var grpc = await AuthTests.GrpcAsync(server, token, "predict", "m");

        Assert.Equal(("401", "Invalid bearer token"), rest);
        Assert.Equal(("401", "Invalid bearer token"), grpc);
        Assert.Contains(server.Logs.Audit, l => l.EndsWith($"JWT refused: {reason}", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_AcceptedThenExpired_RefusedAlthoughCheckedBefore()
    {
        var expires = DateTime.UtcNow.AddSeconds(5);
        var token = Token(current, "current", models: ["m"], expires: expires);

        var before = await AuthTests.RestAsync(server, token, "status", "m");
        await Task.Delay(expires.AddSeconds(1.5) - DateTime.UtcNow);
        var after = await AuthTests.RestAsync(server, token, "status", "m");

        Assert.Equal("200", before.Status);
        Assert.Equal(("401", "Invalid bearer token"), after);
        Assert.Contains(server.Logs.Audit, l => l.EndsWith("JWT refused: SecurityTokenExpiredException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JwksFile_Rotated_NewKeyAcceptedOldRefusedWithoutRestartEvenIfCheckedBefore()
    {
        var oldToken = Token(current, "current", models: ["m"]);
        var newToken = Token(next, "next", models: ["m"]);
        Assert.Equal("200", (await AuthTests.RestAsync(server, oldToken, "status", "m")).Status);

        WriteJwks(("next", next));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var status = "401";
        while (status != "200" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = (await AuthTests.RestAsync(server, newToken, "status", "m")).Status;
        }

        Assert.Equal("200", status);
        Assert.Equal("401", (await AuthTests.RestAsync(server, oldToken, "status", "m")).Status);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        current.Dispose();
        next.Dispose();
        m.Dispose();
        n.Dispose();
        folder.Delete(recursive: true);
    }

    private static string Token(RSA key, string kid, string[] models, bool admin = false, DateTime? expires = null, string audience = Audience, string issuer = Issuer)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        var claims = new Dictionary<string, object> { ["sub"] = "alice", ["models"] = models };
        if (admin)
        {
            claims["admin"] = true;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = until.AddMinutes(-20),
            NotBefore = until.AddMinutes(-20),
            Expires = until,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token with <c>"alg": "none"</c> and no signature, otherwise valid.</summary>
    private static string Unsigned(string[] models)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new { alg = "none", typ = "JWT" });
        var payload = JsonSerializer.Serialize(new { sub = "alice", iss = Issuer, aud = Audience, exp = expires, models });
        return $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.";
    }

    private void WriteJwks(params (string Kid, RSA Key)[] keys)
    {
        var set = new
        {
            keys = keys.Select(k =>
            {
                var parameters = k.Key.ExportParameters(includePrivateParameters: false);
                return new { kty = "RSA", kid = k.Kid, use = "sig", alg = "RS256", n = Base64Url.EncodeToString(parameters.Modulus), e = Base64Url.EncodeToString(parameters.Exponent) };
            }),
        };
        File.WriteAllText(JwksPath + ".new", JsonSerializer.Serialize(set));
        File.Move(JwksPath + ".new", JwksPath, overwrite: true);
    }
}
