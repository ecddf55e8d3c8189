using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The JSON body of a REST classify or regress request (TF Serving's <c>FillClassificationRequestFromJson</c>):
/// optional <c>signature_name</c>, optional <c>context</c> (one example merged into every example) and the required
/// non-empty <c>examples</c>, turned into the serialized tf.Examples the signature's graph parses. Errors are
/// INVALID_ARGUMENT with TF Serving's texts; the body is parsed before the model is looked up, as there.
/// </summary>
internal sealed class ExamplesJsonRequest : IDisposable
{
    private ExamplesJsonRequest(string signatureName, Tensor examples)
    {
        SignatureName = signatureName;
        Examples = examples;
    }

    /// <summary>The requested signature; <c>""</c> when absent.</summary>
    public string SignatureName { get; }

    /// <summary>The serialized examples, a string vector (with a context: its bytes then each example's, a proto merge).</summary>
    public Tensor Examples { get; }

    public static ExamplesJsonRequest Parse(ReadOnlyMemory<byte> body) =>
        ExamplesJsonFastPath.TryRead(body.Span, out var signatureName, out var serialized)
            ? new ExamplesJsonRequest(signatureName, serialized)
            : ParseDocument(body);

    /// <summary>The exact way, for any body: what decides TF Serving's answer (and what the fast path is checked against).</summary>
    internal static ExamplesJsonRequest ParseDocument(ReadOnlyMemory<byte> body)
    {
        using var document = TfJsonDocument.Parse(body);
        var (name, context, examples) = document.FindRequestMembers("context"u8, "examples"u8);
        var encoder = new ExampleJsonEncoder(document);
        var contextBytes = context is { } c ? encoder.Encode(c, []) : null;
        return new ExamplesJsonRequest(name, Read(document, encoder, examples, contextBytes));
    }

    public void Dispose() => Examples.Dispose();

    private static Tensor Read(TfJsonDocument document, ExampleJsonEncoder encoder, JsonElement? examples, byte[]? context)
    {
        // TF Serving says "classify" here for regress requests too.
        var list = examples ?? throw Error(document, "When method is classify, key 'examples' is expected and was not found");
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Error(document, "Expecting 'examples' value to be an list/array");
        }

        var count = list.GetArrayLength();
        if (count == 0)
        {
            throw Error(document, "'examples' value is an empty array");
        }

        var serialized = new byte[count][];
        var index = 0;
        foreach (var example in list.EnumerateArray())
        {
            serialized[index++] = encoder.Encode(example, context);
        }

        return Tensor.CreateStrings(new TensorShape(count), serialized);
    }

    private static ServingException Error(TfJsonDocument document, string text) =>
        ServingException.InvalidArgument($"JSON Value: {document.Render(document.Root)} {text}");
}
