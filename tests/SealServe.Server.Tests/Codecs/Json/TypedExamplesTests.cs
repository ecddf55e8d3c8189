using System.Globalization;
using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Server.Tests.Codecs.Json;

/// <summary>
/// The parse stage's outputs filled straight from a body's JSON values are ParseExample's outputs of the same examples
/// serialized, value for value; where ParseExample fails, the fused path declines (the request then takes the
/// serialized path, whose error is the engine's).
/// </summary>
public sealed class TypedExamplesTests
{
    private static readonly ExampleParseFront Front = ExampleParseFront.ForDense(
    [
        ("x", DataType.Float, [], Tensor.FromValues(new TensorShape(), 0.5f)),
        ("y", DataType.Float, [2], Tensor.FromValues<float>(new TensorShape(0))),
        ("i", DataType.Int64, [1], Tensor.FromValues(new TensorShape(1), 7L)),
        ("s", DataType.String, [], Tensor.CreateStrings(new TensorShape(), ["none"u8.ToArray()])),
    ]);

    [Theory]
    [InlineData("""{"examples": [{"y": [1.5, -2.0], "x": 3.25}, {"y": [0.0, 1e-3]}]}""")]
    [InlineData("""{"examples": [{"y": [1, 2]}]}""")] // int64 values for a float feature
    [InlineData("""{"examples": [{"y": [1.5]}]}""")] // one value of two
    [InlineData("""{"examples": [{"x": 1.5}]}""")] // the required y missing
    [InlineData("""{"examples": [{"y": [1.5, 2.5], "i": true, "s": "a b", "unread": ["p", "q"]}]}""")]
    [InlineData("""{"examples": [{"y": [1.5, 2.5], "x": []}, {"y": [3.5, 4.5], "i": [], "s": []}]}""")] // no values: missing
    [InlineData("""{"context": {"y": [9.0, 9.0], "x": 8.5, "s": "shared"}, "examples": [{"x": 1.0}, {"y": [1.0, 2.0], "s": []}]}""")]
    [InlineData("""{"examples": [{"x": 1.0}], "context": {"y": [9.0, 9.0], "i": 1.5}}""")] // a wrong type in the context
    [InlineData("""{"examples": [{"i": 3.0, "y": [1.0, 2.0]}], "context": {"i": 4}}""")] // the example's own wrong type wins
    [InlineData("""{"examples": [{"i": 3, "y": [1.0, 2.0]}], "context": {"i": 4.5}}""")] // the example's own right type wins
    public void TryParse_SameOutputsAsParseExampleOfTheBytes(string body) => AssertSameAsSerialized(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void TryParse_ContextAndDefaults_FillEveryExample()
    {
        var body = """{"context": {"y": [9.0, 8.0], "s": "shared"}, "examples": [{"x": 1.0, "i": 2}, {"y": [1.0, 2.0]}]}"""u8.ToArray();
        Assert.True(ExamplesJsonFastPath.TryRead(body, out _, out var read));

        var outputs = read.TryParse(Front);

        Assert.NotNull(outputs);
        Assert.Equal([1.0f, 0.5f], outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([9f, 8f, 1f, 2f], outputs[1].AsSpan<float>().ToArray());
        Assert.Equal([2L, 7L], outputs[2].AsSpan<long>().ToArray());
        Assert.Equal(["shared", "shared"], outputs[3].Strings.Select(Encoding.UTF8.GetString));
        Assert.Equal([2, 2], outputs[1].Shape.Dims.ToArray());
        foreach (var output in outputs)
        {
            output.Dispose();
        }
    }

    [Fact]
    public void TryParse_RandomBodies_SameOutputsAsParseExampleOfTheBytes()
    {
        var random = new Random(4242);
        string[] values = ["1.5", "-0.25", "3", "true", "\"t\"", "[]", "[2.5, 1e-7]", "[1, 2]", "[0.5]", "[\"a\", \"b\"]"];
        string[] keys = ["x", "y", "i", "s", "other"];
        string Example() => "{" + string.Join(", ", keys.Where(_ => random.Next(3) > 0).Select(k => $"\"{k}\": {values[random.Next(values.Length)]}")) + "}";
        for (var round = 0; round < 300; round++)
        {
            var examples = string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Example()));
            var context = random.Next(3) == 0 ? $", \"context\": {Example()}" : string.Empty;
            AssertSameAsSerialized(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"examples\": [{examples}]{context}}}")));
        }
    }

    private static void AssertSameAsSerialized(byte[] body)
    {
        Assert.True(ExamplesJsonFastPath.TryRead(body, out _, out var read));
        using var serialized = read.ToSerialized();
        Tensor[]? expected;
        try
        {
            expected = Front.Parse(serialized);
        }
        catch (ServingException)
        {
            expected = null;
        }

        var fused = read.TryParse(Front);
        try
        {
            Assert.Equal(expected?.Select(Text), fused?.Select(Text));
        }
        finally
        {
            foreach (var tensor in (expected ?? []).Concat(fused ?? []))
            {
                tensor.Dispose();
            }
        }
    }

    private static string Text(Tensor tensor) =>
        $"{tensor.DataType} {tensor.Shape} " + (tensor.IsString ? string.Join(",", tensor.Strings.Select(Convert.ToHexString)) : Convert.ToHexString(tensor.Data.Span));
}
