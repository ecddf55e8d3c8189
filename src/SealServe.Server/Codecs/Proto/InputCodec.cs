using System.Runtime.InteropServices;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using Tensorflow.Serving;
using Tensorflow.Serving.Internal;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// The <c>Input</c> of a Classify, Regress or MultiInference request as the string vector of serialized tf.Examples the
/// signature's graph parses (TF Serving's <c>InputToSerializedExampleTensor</c>): with a context, each element is the
/// context's bytes then the example's, which parses as their merge (the example wins where both set a feature).
/// </summary>
internal static class InputCodec
{
    /// <summary>The examples as the client serialized them, read through the request's wire-compatible view (<c>SerializedInput</c>).</summary>
    public static Tensor ToExamples(SerializedInput? input)
    {
        var (examples, context) = input?.KindCase switch
        {
            SerializedInput.KindOneofCase.ExampleList => (input.ExampleList.Examples, ByteString.Empty),
            SerializedInput.KindOneofCase.ExampleListWithContext => (input.ExampleListWithContext.Examples, input.ExampleListWithContext.Context),
            _ => (null, null),
        };
        if (examples is null || examples.Count == 0)
        {
            throw ServingException.InvalidArgument("Input is empty.");
        }

        var serialized = new byte[examples.Count][];
        for (var i = 0; i < serialized.Length; i++)
        {
            serialized[i] = context!.IsEmpty ? Array(examples[i]) : [.. context.Span, .. examples[i].Span];
        }

        return Tensor.CreateStrings(new TensorShape(serialized.Length), serialized);
    }

    /// <summary>A built <c>Input</c> (a warmup record's) through the same view.</summary>
    public static Tensor ToExamples(Input? input) => ToExamples(input is null ? null : SerializedInput.Parser.ParseFrom(input.ToByteString()));

    /// <summary>The array a parsed ByteString owns (it copied it from the message), else a copy; the tensor only reads it.</summary>
    private static byte[] Array(ByteString bytes) =>
        MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToByteArray();
}
