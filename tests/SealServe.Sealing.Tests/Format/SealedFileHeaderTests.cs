using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using static SealServe.Sealing.Tests.TestSealing;

namespace SealServe.Sealing.Tests.Format;

public sealed class SealedFileHeaderTests
{
    [Fact]
    public void Read_SealedFile_GivesEveryFieldWithoutAKey()
    {
        using var key = KeyEncryptionKey.Generate();
        var notAfter = new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var sealedBytes = Seal(Bytes(1000), key, "m/7/variables/variables.index", 256, notAfter);
        var stream = new MemoryStream(sealedBytes);

        var header = SealedFileHeader.Read(stream, "f");

        Assert.Equal(1, header.FormatVersion);
        Assert.Equal(key.Id, header.Envelope.KeyId);
        Assert.Equal(new SealedFileBinding(256, 1000, notAfter, "m/7/variables/variables.index"), header.Binding);
        Assert.Equal(4, header.Binding.ChunkCount);
        Assert.Equal((Int128)sealedBytes.Length, header.SealedLength);
        Assert.Equal(header.EncodedSize, stream.Position);
    }

    [Fact]
    public void Read_StartsWithMagicAndVersion()
    {
        using var key = KeyEncryptionKey.Generate();

        var sealedBytes = Seal([], key);

        Assert.Equal([0x89, (byte)'S', (byte)'E', (byte)'A', (byte)'L', 0x0D, 0x0A, 0x1A, 1, 0], sealedBytes[..10]);
    }

    [Fact]
    public void Read_PlainFile_SaysNotSealed()
    {
        var onnx = new byte[] { 0x08, 0x08, 0x12, 0x04 };

        var error = Assert.Throws<ServingException>(() => SealedFileHeader.Read(new MemoryStream(onnx), "model.onnx"));

        Assert.Equal("model.onnx: not a sealed file", error.Message);
    }

    [Fact]
    public void Read_HeaderLengthBeyondTheLimit_FailsBeforeAllocating()
    {
        byte[] prefix = [.. SealedFormat.Magic, 1, 0, 0xFF, 0xFF, 0xFF, 0x7F];

        var error = Assert.Throws<ServingException>(() => SealedFileHeader.Read(new MemoryStream(prefix), "f"));

        Assert.Equal("f: malformed sealed-file header (header length 2147483647 out of range)", error.Message);
    }

    [Fact]
    public void Read_OnlyTheMagic_FailsAsTruncated()
    {
        var error = Assert.Throws<ServingException>(() => SealedFileHeader.Read(new MemoryStream(SealedFormat.Magic.ToArray()), "f"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ThenRead_GivesTheSameHeader()
    {
        using var key = KeyEncryptionKey.Generate();
        var header = SealedFileHeader.Read(new MemoryStream(Seal(Bytes(10), key)), "f");

        var again = SealedFileHeader.Read(new MemoryStream(header.Encode()), "f");

        Assert.Equal(header.Binding, again.Binding);
        Assert.Equal(header.Envelope.KeyId, again.Envelope.KeyId);
        Assert.Equal(header.Envelope.WrappedKey, again.Envelope.WrappedKey);
    }

    [Fact]
    public void Peek_LeavesTheStreamWhereItWas()
    {
        using var key = KeyEncryptionKey.Generate();
        var stream = new MemoryStream(Seal(Bytes(10), key));

        var kind = SealedFileHeader.Peek(stream);

        Assert.Equal(SealedFileKind.Sealed, kind);
        Assert.Equal(0, stream.Position);
    }
}
