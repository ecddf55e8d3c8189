using System.Security.Cryptography;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Format;

public sealed class KeyEnvelopeTests
{
    private static readonly byte[] BindingHash = SHA256.HashData("binding"u8);

    [Fact]
    public void TryUnwrap_SameKeyAndBinding_GivesTheDataKey()
    {
        using var key = KeyEncryptionKey.Generate();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var envelope = KeyEnvelope.Wrap(key, dataKey, BindingHash);
        var unwrapped = new byte[32];

        var ok = envelope.TryUnwrap(key, BindingHash, unwrapped);

        Assert.True(ok);
        Assert.Equal(dataKey, unwrapped);
        Assert.Equal(key.Id, envelope.KeyId);
    }

    [Fact]
    public void TryUnwrap_OtherBinding_Fails()
    {
        using var key = KeyEncryptionKey.Generate();
        var envelope = KeyEnvelope.Wrap(key, new byte[32], BindingHash);

        var ok = envelope.TryUnwrap(key, SHA256.HashData("moved"u8), new byte[32]);

        Assert.False(ok);
    }

    [Fact]
    public void Rewrap_NewKey_KeepsTheDataKeyAndDropsTheOldKey()
    {
        using var oldKey = KeyEncryptionKey.Generate();
        using var newKey = KeyEncryptionKey.Generate();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var envelope = KeyEnvelope.Wrap(oldKey, dataKey, BindingHash);

        var rewrapped = envelope.Rewrap(oldKey, newKey, BindingHash)!;
        var unwrapped = new byte[32];

        Assert.Equal(newKey.Id, rewrapped.KeyId);
        Assert.True(rewrapped.TryUnwrap(newKey, BindingHash, unwrapped));
        Assert.Equal(dataKey, unwrapped);
        Assert.False(rewrapped.TryUnwrap(oldKey, BindingHash, unwrapped));
    }

    [Fact]
    public void Rewrap_WrongOldKey_ReturnsNull()
    {
        using var key = KeyEncryptionKey.Generate();
        using var wrong = KeyEncryptionKey.Generate();
        var envelope = KeyEnvelope.Wrap(key, new byte[32], BindingHash);

        Assert.Null(envelope.Rewrap(wrong, wrong, BindingHash));
    }
}
