using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Serving;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The JSON body of a REST classify or regress request (TF Serving's <c>FillClassificationRequestFromJson</c>):
/// optional <c>signature_name</c>, optional <c>context</c> (one example merged into every example) and the required
/// non-empty <c>examples</c>, turned into what the signature's graph is fed: the serialized tf.Examples, or the outputs
/// of its parse stage straight from the JSON values when the engine offers that stage. Errors are INVALID_ARGUMENT with
/// TF Serving's texts; the body is parsed before the model is looked up, as there.
/// </summary>
internal sealed class ExamplesJsonRequest : IDisposable
{
    private readonly TypedExamples? read;
    private Tensor? serialized;
    private Tensor[]? parsed;

    private ExamplesJsonRequest(string signatureName, TypedExamples? read, Tensor? serialized)
    {
        SignatureName = signatureName;
        this.read = read;
        this.serialized = serialized;
    }

    /// <summary>The requested signature; <c>""</c> when absent.</summary>
    public string SignatureName { get; }

    public int ExampleCount => read?.Count ?? (int)serialized!.Shape[0];

    /// <summary>The serialized examples, a string vector (with a context: its bytes then each example's, a proto merge).</summary>
    public Tensor Examples => serialized ??= read!.ToSerialized();

    public static ExamplesJsonRequest Parse(ReadOnlyMemory<byte> body) =>
        ExamplesJsonFastPath.TryRead(body, out var signatureName, out var read)
            ? new ExamplesJsonRequest(signatureName, read, null)
            : ParseDocument(body);

    /// <summary>The exact way, for any body: what decides TF Serving's answer (and what the fast path is checked against).</summary>
    internal static ExamplesJsonRequest ParseDocument(ReadOnlyMemory<byte> body)
    {
        using var document = TfJsonDocument.Parse(body);
        var (name, context, examples) = document.FindRequestMembers("context"u8, "examples"u8);
        var encoder = new ExampleJsonEncoder(document);
        var contextBytes = context is { } c ? encoder.Encode(c, []) : null;
        return new ExamplesJsonRequest(name, null, Read(document, encoder, examples, contextBytes));
    }

    /// <summary>
    /// What the engine is fed for the signature's examples input <paramref name="input"/>: the outputs of the parse stage
    /// the servable offers (<see cref="IServable.FindExampleParse"/>), computed from the values read, or else the
    /// serialized examples — also when the stage would fail on them, so its error is the engine's, word for word.
    /// </summary>
    public ExamplesFeed Feed(IServable servable, Signature signature, string input)
    {
        if (read is not null && parsed is null && servable.FindExampleParse(signature, input) is { } front && read.TryParse(front) is { } outputs)
        {
            parsed = outputs;
            return new ExamplesFeed(front.OutputNames, outputs, read.Count);
        }

        return ExamplesFeed.Serialized(input, Examples);
    }

    public void Dispose()
    {
        serialized?.Dispose();
        foreach (var tensor in parsed ?? [])
        {
            tensor.Dispose();
        }
    }

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
