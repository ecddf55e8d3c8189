using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Fuzz.Targets;

/// <summary>
/// The REST classify/regress body to what the graph is fed. Where the fast path accepts a body, its serialized examples
/// must be the JSON document's, and the parse stage's outputs computed straight from its values must be ParseExample's
/// of those bytes (or both fail): a difference is a finding.
/// </summary>
internal sealed class RestExamplesTarget : IFuzzTarget
{
    /// <summary>Dense features of every type, required and with defaults, one and several values per example.</summary>
    private static readonly ExampleParseFront Front = ExampleParseFront.ForDense(
    [
        ("x", DataType.Float, [], Tensor.FromValues(new TensorShape(), 0.5f)),
        ("y", DataType.Float, [2], Tensor.FromValues<float>(new TensorShape(0))),
        ("i", DataType.Int64, [1], Tensor.FromValues(new TensorShape(1), 7L)),
        ("s", DataType.String, [], Tensor.CreateStrings(new TensorShape(), ["none"u8.ToArray()])),
        ("c", DataType.Float, [1], Tensor.FromValues(new TensorShape(1), -1f)),
    ]);

    public string Name => "rest-examples";

    public void Run(ReadOnlySpan<byte> input)
    {
        var body = input.ToArray();
        if (ExamplesJsonFastPath.TryRead(body, out var signature, out var read))
        {
            using var fast = read.ToSerialized();
            using var exact = ExamplesJsonRequest.ParseDocument(body);
            if (exact.SignatureName != signature || !exact.Examples.Strings.Select(Convert.ToHexString).SequenceEqual(fast.Strings.Select(Convert.ToHexString)))
            {
                throw new InvalidOperationException("The fast path and the JSON document read this body differently.");
            }

            CheckFused(read, fast);
        }

        using var request = ExamplesJsonRequest.Parse(body);
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("floats", Utf8("""{"examples": [{"x": 1.0, "y": -3.996}, {"x": 2.5e-3, "y": [0.1, 7]}]}""")),
        ("typed", Utf8("""{"signature_name": "s", "examples": [{"s": "text", "i": 3, "t": true, "list": [1, 2], "empty": []}]}""")),
        ("context", Utf8("""{"context": {"c": "shared", "x": 0.5}, "examples": [{"x": 5.0}, {}]}""")),
        ("exact-only", Utf8("""{"examples": [{"b": {"b64": "AAE="}, "x": 1, "x": [2], "n": NaN, "e": "caf\u00e9"}]}""")),
        ("fused", Utf8("""{"examples": [{"y": [1.5, -2.0], "i": [4], "s": "a b", "u": "unread"}, {"c": [], "y": [0.0, 1e-3], "x": 2.5}], "context": {"c": 3.5, "i": true, "y": [9.0, 9.0]}}""")),
    ];

    /// <summary>The parse stage's outputs from the typed values against ParseExample of the serialized examples: the same tensors, or both fail.</summary>
    private static void CheckFused(TypedExamples read, Tensor serialized)
    {
        var fused = read.TryParse(Front);
        Tensor[]? parsed;
        try
        {
            parsed = Front.Parse(serialized);
        }
        catch (ServingException)
        {
            parsed = null;
        }

        try
        {
            if ((fused is null) != (parsed is null) || (fused is not null && !fused.Select(Text).SequenceEqual(parsed!.Select(Text))))
            {
                throw new InvalidOperationException("The parse stage's outputs from the JSON values differ from ParseExample of the serialized examples.");
            }
        }
        finally
        {
            foreach (var tensor in (fused ?? []).Concat(parsed ?? []))
            {
                tensor.Dispose();
            }
        }
    }

    private static string Text(Tensor tensor) =>
        $"{tensor.DataType} {tensor.Shape} " + (tensor.IsString ? string.Join(",", tensor.Strings.Select(Convert.ToHexString)) : Convert.ToHexString(tensor.Data.Span));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
