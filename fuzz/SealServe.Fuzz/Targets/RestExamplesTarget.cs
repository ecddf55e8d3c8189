using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Fuzz.Targets;

/// <summary>
/// The REST classify/regress body to serialized tf.Examples. Where the fast path accepts a body, its bytes must be the
/// JSON document's: a difference is a finding.
/// </summary>
internal sealed class RestExamplesTarget : IFuzzTarget
{
    public string Name => "rest-examples";

    public void Run(ReadOnlySpan<byte> input)
    {
        var body = input.ToArray();
        if (ExamplesJsonFastPath.TryRead(body, out var signature, out var fast))
        {
            using (fast)
            {
                using var exact = ExamplesJsonRequest.ParseDocument(body);
                if (exact.SignatureName != signature || !exact.Examples.Strings.Select(Convert.ToHexString).SequenceEqual(fast.Strings.Select(Convert.ToHexString)))
                {
                    throw new InvalidOperationException("The fast path and the JSON document read this body differently.");
                }
            }
        }

        using var request = ExamplesJsonRequest.Parse(body);
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("floats", Utf8("""{"examples": [{"x": 1.0, "y": -3.996}, {"x": 2.5e-3, "y": [0.1, 7]}]}""")),
        ("typed", Utf8("""{"signature_name": "s", "examples": [{"s": "text", "i": 3, "t": true, "list": [1, 2], "empty": []}]}""")),
        ("context", Utf8("""{"context": {"c": "shared", "x": 0.5}, "examples": [{"x": 5.0}, {}]}""")),
        ("exact-only", Utf8("""{"examples": [{"b": {"b64": "AAE="}, "x": 1, "x": [2], "n": NaN, "e": "caf\u00e9"}]}""")),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
