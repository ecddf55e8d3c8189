using SealServe.Core.Errors;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

public sealed class KeyRingTests
{
    private static readonly IKeyProvider[] Providers = [new FileKeyProvider(), new EnvironmentKeyProvider(), new CommandKeyProvider()];

    [Fact]
    public void Load_SeveralSources_FindsEachKeyById()
    {
        using var other = KeyEncryptionKey.Generate();
        var variable = "SEALSERVE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(other.Material));

        using var ring = KeyRing.Load([KeySource.Command($"echo {KnownKey.Base64}"), KeySource.Environment(variable)], Providers);

        Assert.Equal(new[] { KnownKey.Id, other.Id }.Order(StringComparer.Ordinal), ring.Ids);
        Assert.Equal(KnownKey.Bytes, ring.Find(KnownKey.Id)!.Material.ToArray());
        Assert.Null(ring.Find("0000000000000000"));
    }

    [Fact]
    public void Load_SameKeyTwice_KeepsOne()
    {
        using var ring = KeyRing.Load([KeySource.Command($"echo {KnownKey.Base64}"), KeySource.Command($"echo {KnownKey.Hex}")], Providers);

        Assert.Equal([KnownKey.Id], ring.Ids);
    }

    [Fact]
    public void Load_UnknownScheme_FailsListingTheKnownOnes()
    {
        var error = Assert.Throws<ServingException>(() => KeyRing.Load([new KeySource("vault", "x")], Providers));

        Assert.Equal("key provider 'vault': unknown key provider 'vault' (known: command, env, file)", error.Message);
    }

    [Fact]
    public void Load_OneSourceFails_FailsTheWholeRing()
    {
        var error = Assert.Throws<ServingException>(() => KeyRing.Load([KeySource.Command($"echo {KnownKey.Base64}"), KeySource.Command("exit 1")], Providers));

        Assert.Equal("--key_command: the command failed with exit code 1", error.Message);
    }

    [Fact]
    public void Load_NoSources_IsEmpty()
    {
        using var ring = KeyRing.Load([], Providers);

        Assert.True(ring.IsEmpty);
    }
}
