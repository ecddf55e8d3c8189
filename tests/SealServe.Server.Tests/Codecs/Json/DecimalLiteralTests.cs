using System.Globalization;
using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

/// <summary>The short-decimal reader gives exactly what the standard parser gives, or declines.</summary>
public sealed class DecimalLiteralTests
{
    [Theory]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("1.5")]
    [InlineData("-3.996")]
    [InlineData("0.1")]
    [InlineData("0.3000000000000004")]
    [InlineData("9007199254740.992")]
    [InlineData("123456789.0123456")]
    [InlineData("0.0000000000000000000001")]
    public void TryParse_ShortDecimal_BitForBitTheStandardParser(string literal)
    {
        Assert.True(DecimalLiteral.TryParse(Encoding.ASCII.GetBytes(literal), out var value));

        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(literal, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("12")] // an integer: int64 in a tf.Example
    [InlineData("1e5")]
    [InlineData("1.5E-3")]
    [InlineData("90071992547409.931")] // digits beyond 2^53
    [InlineData("0.30000000000000004")]
    [InlineData("0.00000000000000000000001")] // 23 digits after the point: 10^23 is no exact double
    [InlineData("12345678901234567890.5")]
    public void TryParse_BeyondTheExactRange_Declines(string literal) =>
        Assert.False(DecimalLiteral.TryParse(Encoding.ASCII.GetBytes(literal), out _));

    [Fact]
    public void TryParse_RandomDecimals_AcceptedOnesMatchTheStandardParser()
    {
        var random = new Random(20261203);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var integer = random.NextInt64(0, random.Next(4) switch { 0 => 10, 1 => 100_000, 2 => 1L << 40, _ => long.MaxValue });
            var fraction = random.NextInt64(0, long.MaxValue).ToString("D19", CultureInfo.InvariantCulture)[..random.Next(1, 19)];
            var literal = $"{(random.Next(2) == 0 ? "-" : string.Empty)}{integer}.{fraction}";

            if (DecimalLiteral.TryParse(Encoding.ASCII.GetBytes(literal), out var value))
            {
                accepted++;
                Assert.True(
                    BitConverter.DoubleToInt64Bits(double.Parse(literal, CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(value),
                    $"{literal}: {value:R} vs {double.Parse(literal, CultureInfo.InvariantCulture):R}");
            }
        }

        Assert.InRange(accepted, 50_000, 200_000);
    }
}
