using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

public sealed class KeyEncryptionKeyTests
{
    [Fact]
    public void Id_IsDerivedFromTheKey()
    {
        using var key = KeyEncryptionKey.FromBytes(KnownKey.Bytes);

        Assert.Equal(KnownKey.Id, key.Id);
    }

    [Fact]
    public void Generate_GivesDistinctKeys()
    {
        using var first = KeyEncryptionKey.Generate();
        using var second = KeyEncryptionKey.Generate();

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Material.ToArray(), second.Material.ToArray());
    }

    [Fact]
    public void ToString_ShowsOnlyTheId()
    {
        using var key = KeyEncryptionKey.FromBytes(KnownKey.Bytes);

        Assert.Equal($"key {KnownKey.Id}", key.ToString());
    }

    [Fact]
    public void FromBytes_WrongLength_Throws() => Assert.Throws<ArgumentException>(() => KeyEncryptionKey.FromBytes(new byte[16]));

    [Fact]
    public void Dispose_ForbidsFurtherUse()
    {
        var key = KeyEncryptionKey.Generate();

        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Material.Length);
    }
}
