using Google.Protobuf.Collections;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Serving;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// Turns a PredictRequest's inputs into tensors for a signature: names and dtypes are checked against the
/// signature first (TF Serving's texts), so nothing is allocated for an input the model would refuse; then each
/// input is decoded within the request's expansion budget.
/// </summary>
internal static class PredictRequestDecoder
{
    /// <summary>How many times its own size a request may expand to through repeated or zero-filled values.</summary>
    public const int ExpansionFactor = 1024;

    /// <summary>
    /// The inputs as tensors, which the caller disposes. <paramref name="messageBytes"/> is the request's size on the
    /// wire; together with <paramref name="maxExpandedBytes"/> it bounds what values the message does not carry may take.
    /// </summary>
    public static Dictionary<string, Tensor> Decode(MapField<string, Tensorflow.TensorProto> inputs, Signature signature, long messageBytes, long maxExpandedBytes)
    {
        Predictor.CheckInputs(signature, inputs, static proto => (DataType)(int)proto.Dtype);
        var budget = Math.Min(maxExpandedBytes, Math.Max(messageBytes, 1) * ExpansionFactor);
        var tensors = new Dictionary<string, Tensor>(inputs.Count, StringComparer.Ordinal);
        try
        {
            foreach (var (alias, proto) in inputs)
            {
                tensors[alias] = TensorProtoCodec.FromProto(alias, proto, budget);
            }

            return tensors;
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }
}
