using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using Tensorflow.Serving;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// The <c>Input</c> of a Classify, Regress or MultiInference request as the string vector of serialized tf.Examples the
/// signature's graph parses (TF Serving's <c>InputToSerializedExampleTensor</c>): with a context, each element is the
/// context's bytes then the example's, which parses as their merge (the example wins where both set a feature).
/// </summary>
internal static class InputCodec
{
    public static Tensor ToExamples(Input? input)
    {
        var (examples, context) = input?.KindCase switch
        {
            Input.KindOneofCase.ExampleList => (input.ExampleList.Examples, (byte[]?)null),
            Input.KindOneofCase.ExampleListWithContext => (input.ExampleListWithContext.Examples, input.ExampleListWithContext.Context?.ToByteArray() ?? []),
            _ => (null, null),
        };
        if (examples is null || examples.Count == 0)
        {
            throw ServingException.InvalidArgument("Input is empty.");
        }

        var serialized = new byte[examples.Count][];
        for (var i = 0; i < serialized.Length; i++)
        {
            var bytes = examples[i].ToByteArray();
            serialized[i] = context is null ? bytes : [.. context, .. bytes];
        }

        return Tensor.CreateStrings(new TensorShape(serialized.Length), serialized);
    }
}
