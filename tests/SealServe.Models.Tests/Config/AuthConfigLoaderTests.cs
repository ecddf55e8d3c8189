using SealServe.Core.Errors;
using SealServe.Models.Config;

namespace SealServe.Models.Tests.Config;

public sealed class AuthConfigLoaderTests
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string OtherHash = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    [Fact]
    public void Parse_KeysAndJwt_Mapped()
    {
        var options = AuthConfigLoader.Parse(
            $"api_key {{ name: \"app\" sha256: \"{Hash}\" models: \"m\" models: \"n\" }}\n"
            + $"api_key {{ name: \"ops\" sha256: \"{OtherHash.ToUpperInvariant()}\" admin: true }}\n"
            + "jwt { jwks_file: \"keys/jwks.json\" issuer: \"https://idp/\" audience: \"sealserve\" clock_skew_seconds: 30 }",
            "/etc/sealserve/auth.pbtxt");

        Assert.Equal(["app", "ops"], options.ApiKeys.Select(k => k.Name));
        Assert.Equal(Convert.FromHexString(Hash), options.ApiKeys[0].Sha256.ToArray());
        Assert.Equal(["m", "n"], options.ApiKeys[0].Models.Order());
        Assert.True(options.ApiKeys[1].Admin);
        Assert.Equal("/etc/sealserve/keys/jwks.json", options.Jwt!.JwksFile);
        Assert.Equal(("models", "admin", TimeSpan.FromSeconds(30)), (options.Jwt.ModelsClaim, options.Jwt.AdminClaim, options.Jwt.ClockSkew));
    }

    [Fact]
    public void Parse_EveryProblem_ReportedAtOnce()
    {
        var error = Assert.Throws<ServingException>(() => AuthConfigLoader.Parse(
            $"api_key {{ name: \"a\" sha256: \"{Hash}\" models: \"m\" }} api_key {{ name: \"a\" sha256: \"{Hash}\" models: \"m\" }} jwt {{ issuer: \"i\" }}"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "4 errors in the auth config: AuthConfig api_key name 'a' is used more than once; "
            + "AuthConfig api_keys 'a', 'a' have the same sha256: one token would be all of them; "
            + "AuthConfig jwt.jwks_file is empty; AuthConfig jwt lists no audience",
            error.Message);
    }

    [Fact]
    public void Parse_Empty_RefusedAsLettingNobodyIn()
    {
        var error = Assert.Throws<ServingException>(() => AuthConfigLoader.Parse(string.Empty));

        Assert.Equal("AuthConfig no api_key and no jwt: no caller could get in", error.Message);
    }
}
