using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class TfFloatFormatTests
{
    [Theory]
    [InlineData(3f, "3.0")]
    [InlineData(0f, "0.0")]
    [InlineData(-0f, "-0.0")]
    [InlineData(2.5f, "2.5")]
    [InlineData(-2.5f, "-2.5")]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.2f, "0.2")]
    [InlineData(1e-05f, "1e-05")]
    [InlineData(3e-05f, "3e-05")]
    [InlineData(0.0001f, "0.0001")]
    [InlineData(9000000f, "9e+06")]
    [InlineData(1000000f, "1e+06")]
    [InlineData(999999f, "999999.0")]
    [InlineData(100f, "100.0")]
    [InlineData(123456789f, "123456792.0")]
    [InlineData(1e10f, "1e+10")]
    [InlineData(1.5e-10f, "1.5e-10")]
    [InlineData(16777216f, "16777216.0")]
    [InlineData(3.4028235e38f, "3.40282347e+38")]
    [InlineData(1.17549435e-38f, "1.17549435e-38")]
    public void Format_Float_PrintsTfServingDecimal(float value, string expected)
    {
        var text = TfFloatFormat.Format(value);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Format_FloatOneThird_UsesNineDigits()
    {
        var text = TfFloatFormat.Format(1f / 3f);

        Assert.Equal("0.333333343", text);
    }

    [Fact]
    public void Format_FloatSmallestSubnormal_UsesSixDigitsThatReadBack()
    {
        var text = TfFloatFormat.Format(float.Epsilon);

        Assert.Equal("1.4013e-45", text);
    }

    [Theory]
    [InlineData(3.0, "3.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(9e6, "9e+06")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(123456.0, "123456.0")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    public void Format_Double_PrintsTfServingDecimal(double value, string expected)
    {
        var text = TfFloatFormat.Format(value);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Format_DoubleOneThird_UsesSeventeenDigits()
    {
        var text = TfFloatFormat.Format(1.0 / 3.0);

        Assert.Equal("0.33333333333333331", text);
    }

    [Fact]
    public void Format_DoubleOfFloatTenth_UsesSeventeenDigits()
    {
        var text = TfFloatFormat.Format((double)0.1f);

        Assert.Equal("0.10000000149011612", text);
    }

    [Fact]
    public void Format_DoubleSmallestSubnormal_UsesSixDigitsThatReadBack()
    {
        var text = TfFloatFormat.Format(double.Epsilon);

        Assert.Equal("4.94066e-324", text);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Format_NonFiniteFloat_PrintsBareToken(float value, string expected)
    {
        var text = TfFloatFormat.Format(value);

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Format_NonFiniteDouble_PrintsBareToken(double value, string expected)
    {
        var text = TfFloatFormat.Format(value);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Format_ManyFloats_EveryTextReadsBackExactly()
    {
        var random = new Random(1234);

        for (var i = 0; i < 20000; i++)
        {
            var value = BitConverter.Int32BitsToSingle(random.Next());
            if (!float.IsFinite(value))
            {
                continue;
            }

            var text = TfFloatFormat.Format(value);

            Assert.Equal(value, float.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void Format_ManyDoubles_EveryTextReadsBackExactly()
    {
        var random = new Random(4321);

        for (var i = 0; i < 20000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = TfFloatFormat.Format(value);

            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void TryFormat_Utf8Span_WritesSameTextWithoutAllocatingAString()
    {
        Span<byte> buffer = stackalloc byte[TfFloatFormat.MaxLength];

        var ok = TfFloatFormat.TryFormat(123456789f, buffer, out var written);

        Assert.True(ok);
        Assert.Equal("123456792.0", Encoding.ASCII.GetString(buffer[..written]));
    }

    [Fact]
    public void TryFormat_DestinationTooSmall_ReturnsFalse()
    {
        Span<byte> buffer = stackalloc byte[4];

        var ok = TfFloatFormat.TryFormat(1.0 / 3.0, buffer, out var written);

        Assert.False(ok);
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryFormat_NonFiniteTooSmall_ReturnsFalse()
    {
        Span<byte> buffer = stackalloc byte[3];

        var ok = TfFloatFormat.TryFormat(double.NegativeInfinity, buffer, out var written);

        Assert.False(ok);
        Assert.Equal(0, written);
    }
}
