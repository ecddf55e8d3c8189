using System.Globalization;
using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

/// <summary>
/// The fast path reads the common classify/regress bodies to exactly the bytes the JSON document gives, and declines
/// everything else (which the document then answers, errors included).
/// </summary>
public sealed class ExamplesJsonFastPathTests
{
    [Theory]
    [InlineData("""{"examples": [{"x": 1.0}, {"x": 2.0}]}""")]
    [InlineData(""" { "signature_name" : "classify_x_to_y" , "examples" : [ { "x" : -3.996 , "y" : [ 1 , 2 ] } ] } """)]
    [InlineData("""{"examples": [{"f0": 0.1, "f1": -0.0, "f2": 0, "f3": -0, "f4": 1e5, "f5": 1.5E-3, "f6": 123456789.98765432}]}""")]
    [InlineData("""{"examples": [{"big": 9223372036854775807, "small": -9223372036854775808, "t": true, "f": false, "mixed": [true, 3]}]}""")]
    [InlineData("""{"context": {"c": "shared", "x": 0.5}, "examples": [{"x": 5.0}, {}], "signature_name": "s"}""")]
    [InlineData("""{"examples": [{"s": "Credit Card", "list": ["a", "b c"], "empty": []}]}""")]
    [InlineData("{\"examples\":[{\"x\":1.25}]}\n\ttrailing text rapidjson never reads")]
    public void TryRead_CommonBodies_SameBytesAsTheDocument(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.True(ExamplesJsonFastPath.TryRead(bytes, out var signature, out var read));
        using var exact = ExamplesJsonRequest.ParseDocument(bytes);
        using (var examples = read.ToSerialized())
        {
            Assert.Equal(exact.SignatureName, signature);
            Assert.Equal(exact.Examples.Strings.Select(Convert.ToHexString), examples.Strings.Select(Convert.ToHexString));
        }
    }

    [Theory]
    [InlineData("""{"examples": []}""")] // TF Serving's error
    [InlineData("""{"examples": [{"x": 1, "x": 2}]}""")] // a key twice merges
    [InlineData("""{"examples": [{"x": 1.0}], "examples": []}""")]
    [InlineData("""{"examples": [{"x": "caf\u00e9"}]}""")] // an escape
    [InlineData("""{"examples": [{"x": {"b64": "AAE="}}]}""")]
    [InlineData("""{"examples": [{"x": NaN}]}""")]
    [InlineData("""{"examples": [{"x": 9223372036854775808}]}""")] // TF Serving's uint64 error
    [InlineData("""{"examples": [{"x": 1e400}]}""")]
    [InlineData("""{"examples": [{"x": [1, 1.5]}]}""")] // mixed kinds: TF Serving's error
    [InlineData("""{"examples": [{"x": 01}]}""")]
    [InlineData("""{"examples": [{"x": 1.}]}""")]
    [InlineData("""{"examples": [{"x": [[1]]}]}""")]
    [InlineData("""{"examples": [{"x": null}]}""")]
    [InlineData("""{"examples": [{"x": 1.0}]""")] // truncated
    [InlineData("""{"signature_name": 1, "examples": [{}]}""")]
    [InlineData("""{"instances": [1.0]}""")]
    public void TryRead_AnythingElse_Declines(string body) =>
        Assert.False(ExamplesJsonFastPath.TryRead(Encoding.UTF8.GetBytes(body), out _, out _));

    [Fact]
    public void TryRead_RandomNumbers_SameBytesAsTheDocument()
    {
        var random = new Random(31337);
        for (var round = 0; round < 200; round++)
        {
            var examples = Enumerable.Range(0, 10).Select(e => "{" + string.Join(", ", Enumerable.Range(0, 10).Select(f => $"\"f{f}\": {Number(random)}")) + "}");
            var bytes = Encoding.UTF8.GetBytes("{\"examples\": [" + string.Join(", ", examples) + "]}");

            if (ExamplesJsonFastPath.TryRead(bytes, out _, out var read))
            {
                using var exact = ExamplesJsonRequest.ParseDocument(bytes);
                using (var fast = read.ToSerialized())
                {
                    Assert.Equal(exact.Examples.Strings.Select(Convert.ToHexString), fast.Strings.Select(Convert.ToHexString));
                }
            }
        }
    }

    /// <summary>A float feature's value as clients write it: short and long decimals, exponents, both signs.</summary>
    private static string Number(Random random)
    {
        var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
        return random.Next(4) switch
        {
            0 => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal).Replace("e+", "e", StringComparison.Ordinal),
            1 => value.ToString("0.0###", CultureInfo.InvariantCulture),
            2 => value.ToString("E10", CultureInfo.InvariantCulture),
            _ => ((float)value).ToString("R", CultureInfo.InvariantCulture),
        };
    }
}
