using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Fuzz.Targets;

/// <summary>The REST predict body: parse, signature lookup, then <c>instances</c>/<c>inputs</c> into tensors.</summary>
internal sealed class RestJsonTarget : IFuzzTarget
{
    public string Name => "rest-json";

    public void Run(ReadOnlySpan<byte> input)
    {
        using var request = PredictJsonRequest.Parse(input.ToArray());
        var signature = PredictJsonRequest.ResolveSignature(FuzzSignatures.All, request.SignatureName);
        foreach (var tensor in request.ReadInputs(signature).Values)
        {
            tensor.Dispose();
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("instances", Utf8("""{"instances": [1.0, 2.0, 5.0]}""")),
        ("inputs", Utf8("""{"inputs": [[1.5, -2e3], [3, 4]]}""")),
        ("multi-rows", Utf8("""{"signature_name": "multi", "instances": [{"a": 1, "b": {"b64": "aGVsbG8="}, "c": 0.5, "d": 255, "e": true, "f": -9007199254740993}]}""")),
        ("multi-columns", Utf8("""{"signature_name": "multi", "inputs": {"a": [[1, 2]], "b": ["x", "y"], "c": [1.0], "d": [0], "e": [false], "f": [1]}}""")),
        ("special-floats", Utf8("""{"inputs": {"x": [NaN, Infinity, -Infinity, 1e400]}}""")),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
