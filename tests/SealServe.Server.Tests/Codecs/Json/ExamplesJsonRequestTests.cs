using System.Text;
using SealServe.Core.Errors;
using SealServe.Server.Codecs.Json;
using Tensorflow;

namespace SealServe.Server.Tests.Codecs.Json;

/// <summary>REST classify/regress bodies to serialized tf.Examples, with TF Serving's value rules (read back with the published protos).</summary>
public sealed class ExamplesJsonRequestTests
{
    [Fact]
    public void Parse_TypedValues_BecomeBytesFloatAndInt64Lists()
    {
        var example = Single("""{"examples": [{"s": "text", "b": {"b64": "AAE="}, "f": 1.5, "e": 1e2, "nan": NaN, "i": 3, "t": true, "list": [1, 2], "empty": []}]}""");

        Assert.Equal("text", example.Features.Feature["s"].BytesList.Value.Single().ToStringUtf8());
        Assert.Equal([0, 1], example.Features.Feature["b"].BytesList.Value.Single().ToByteArray());
        Assert.Equal([1.5f], example.Features.Feature["f"].FloatList.Value);
        Assert.Equal([100f], example.Features.Feature["e"].FloatList.Value);
        Assert.True(float.IsNaN(example.Features.Feature["nan"].FloatList.Value.Single()));
        Assert.Equal([3L], example.Features.Feature["i"].Int64List.Value);
        Assert.Equal([1L], example.Features.Feature["t"].Int64List.Value);
        Assert.Equal([1L, 2], example.Features.Feature["list"].Int64List.Value);
        Assert.Equal(Feature.KindOneofCase.None, example.Features.Feature["empty"].KindCase);
    }

    [Fact]
    public void Parse_KeyGivenTwice_AddsToTheSameFeature()
    {
        var example = Single("""{"examples": [{"x": 1.0, "y": "a", "x": [2.0, 3.0]}]}""");

        Assert.Equal([1f, 2f, 3f], example.Features.Feature["x"].FloatList.Value);
    }

    [Fact]
    public void Parse_Context_IsMergedIntoEveryExampleWithTheExampleWinning()
    {
        using var request = ExamplesJsonRequest.Parse(Encoding.UTF8.GetBytes("""{"signature_name": "s", "context": {"c": 1.0, "x": 0.0}, "examples": [{"x": 5.0}, {}]}"""));

        var examples = request.Examples.Strings.Select(Example.Parser.ParseFrom).ToArray();

        Assert.Equal("s", request.SignatureName);
        Assert.Equal([5f], examples[0].Features.Feature["x"].FloatList.Value);
        Assert.Equal([1f], examples[0].Features.Feature["c"].FloatList.Value);
        Assert.Equal([0f], examples[1].Features.Feature["x"].FloatList.Value);
    }

    [Theory]
    [InlineData("""{"examples": [{"x": 9223372036854775808}]}""", "Feature: x has uint64_t element. Only int64_t is supported.")]
    [InlineData("""{"examples": [{"x": [[1]]}]}""", "Feature: x has element with unexpected JSON type: Array")]
    [InlineData("""{"examples": [{"x": {"a": 1}}]}""", "Feature: x has element with unexpected JSON type: Object")]
    [InlineData("""{"examples": [{"x": [1, 1.5]}]}""", "Unexpected element type in feature: x expecting type: int64")]
    [InlineData("""{"examples": [{"x": ["a", 1]}]}""", "Unexpected element type in feature: x expecting type: bytes")]
    [InlineData("""{"examples": [{"x": {"b64": "!!"}}]}""", "Unable to base64 decode")]
    [InlineData("""{"context": [], "examples": [{}]}""", "Example must be JSON object but got JSON Array")]
    [InlineData("""{"examples": "x"}""", "JSON Value: {\n    \"examples\": \"x\"\n} Expecting 'examples' value to be an list/array")]
    [InlineData("""{"signature_name": 1, "examples": [{}]}""", "not formatted correctly. 'signature_name' key must be a string value.")]
    public void Parse_BadValues_FailWithTfServingsText(string body, string message)
    {
        var error = Assert.Throws<ServingException>(() => ExamplesJsonRequest.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IntegerBeyondUInt64_IsAFloatAsInRapidjson()
    {
        var example = Single("""{"examples": [{"x": 18446744073709551616}]}""");

        Assert.Equal([18446744073709551616f], example.Features.Feature["x"].FloatList.Value);
    }

    private static Example Single(string body)
    {
        using var request = ExamplesJsonRequest.Parse(Encoding.UTF8.GetBytes(body));
        return Example.Parser.ParseFrom(Assert.Single(request.Examples.Strings));
    }
}
