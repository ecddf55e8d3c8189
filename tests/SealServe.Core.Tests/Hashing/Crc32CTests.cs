using System.Text;
using SealServe.Core.Hashing;

namespace SealServe.Core.Tests.Hashing;

public sealed class Crc32CTests
{
    // Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" check value.
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Compute_KnownText_KnownCrc(string text, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Compute_32Zeros_Rfc3720Value() => Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));

    [Fact]
    public void Compute_32Ones_Rfc3720Value() => Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));

    [Fact]
    public void Mask_RotatesAndAddsTensorFlowDelta() =>
        Assert.Equal(unchecked(((0x12345678u >> 15) | (0x12345678u << 17)) + 0xa282ead8u), Crc32C.Mask(0x12345678u));
}
