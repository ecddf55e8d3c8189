using SealServe.Sealing.Format;

namespace SealServe.Sealing.Tests.Format;

public sealed class SealedFormatTests
{
    [Fact]
    public void Classify_Magic_IsSealed() => Assert.Equal(SealedFileKind.Sealed, SealedFormat.Classify([.. SealedFormat.Magic, 1, 0]));

    [Theory]
    [InlineData(new byte[] { 0x08, 0x08, 0x12, 0x0B, 0x70, 0x79, 0x74, 0x6F })] // an ONNX ModelProto (ir_version, producer_name)
    [InlineData(new byte[] { 0x12, 0x1A, 0x0A, 0x18, 0x0A, 0x05, 0x73, 0x65 })] // a SavedModel
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })] // a PNG asset: shares the idea, not the bytes
    [InlineData(new byte[] { 0x89 })]
    [InlineData(new byte[0])]
    public void Classify_OtherFiles_ArePlain(byte[] start) => Assert.Equal(SealedFileKind.Plain, SealedFormat.Classify(start));

    [Theory]
    [InlineData(0, 0x01)]
    [InlineData(3, 0x20)]
    [InlineData(7, 0x81)]
    public void Classify_MagicWithFlippedBits_IsDamagedSeal(int index, byte flip)
    {
        var start = SealedFormat.Magic.ToArray();
        start[index] ^= flip;

        Assert.Equal(SealedFileKind.DamagedSeal, SealedFormat.Classify(start));
    }
}
