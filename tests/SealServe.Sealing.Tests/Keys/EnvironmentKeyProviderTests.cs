using SealServe.Core.Errors;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

public sealed class EnvironmentKeyProviderTests
{
    [Fact]
    public void Load_VariableHoldsTheKey_GivesIt()
    {
        var name = Variable();
        Environment.SetEnvironmentVariable(name, KnownKey.Base64);

        using var key = new EnvironmentKeyProvider().Load(KeySource.Environment(name));

        Assert.Equal(KnownKey.Id, key.Id);
    }

    [Fact]
    public void Load_VariableUnset_FailsNamingIt()
    {
        var name = Variable();

        var error = Assert.Throws<ServingException>(() => new EnvironmentKeyProvider().Load(KeySource.Environment(name)));

        Assert.Equal($"--key_env {name}: the environment variable is not set or empty", error.Message);
    }

    [Fact]
    public void Load_VariableHoldsGarbage_FailsWithoutEchoingIt()
    {
        var name = Variable();
        Environment.SetEnvironmentVariable(name, "hunter2-not-a-key");

        var error = Assert.Throws<ServingException>(() => new EnvironmentKeyProvider().Load(KeySource.Environment(name)));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static string Variable() => "SEALSERVE_TEST_KEY_" + Guid.NewGuid().ToString("N");
}
