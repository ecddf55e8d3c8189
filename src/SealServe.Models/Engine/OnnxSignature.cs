using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Models.Engine;

/// <summary>
/// Builds the one signature an ONNX model offers: the one a converted SavedModel records in its metadata
/// (<c>sealserve convert</c>, <see cref="SignatureNaming"/>), else <c>serving_default</c> (predict method) over its graph
/// inputs and outputs under their own names, with dtypes and declared shapes (dynamic dimensions as -1).
/// </summary>
internal static class OnnxSignature
{
    public static IReadOnlyDictionary<string, Signature> FromSession(InferenceSession session, byte[] model)
    {
        // ONNX Runtime reports a missing shape as rank 0, so shapes come from the model's own ValueInfos.
        var proto = Onnx.ModelProto.Parser.ParseFrom(model);
        if (SignatureNaming.Read(proto) is { } recorded)
        {
            return Recorded(session, recorded);
        }

        var graph = proto.Graph;
        var declared = graph.Input.Concat(graph.Output).ToDictionary(v => v.Name, v => v, StringComparer.Ordinal);
        var signature = new Signature(
            Signature.DefaultKey,
            Signature.PredictMethod,
            Specs(session.InputMetadata, session.InputNames, declared),
            Specs(session.OutputMetadata, session.OutputNames, declared));
        return new Dictionary<string, Signature>(StringComparer.Ordinal) { [signature.Key] = signature };
    }

    /// <summary>The recorded signature, checked against the session: every name it uses must be an input or output.</summary>
    private static IReadOnlyDictionary<string, Signature> Recorded(InferenceSession session, Signature signature)
    {
        foreach (var (alias, spec) in signature.Inputs.Concat(signature.Outputs))
        {
            if (!session.InputMetadata.ContainsKey(spec.Name) && !session.OutputMetadata.ContainsKey(spec.Name))
            {
                throw ServingException.InvalidArgument($"The model's recorded signature '{signature.Key}' maps '{alias}' to '{spec.Name}', which is not an input or output of the model.");
            }
        }

        return new Dictionary<string, Signature>(StringComparer.Ordinal) { [signature.Key] = signature };
    }

    private static Dictionary<string, TensorSpec> Specs(IReadOnlyDictionary<string, NodeMetadata> metadata, IReadOnlyList<string> names, Dictionary<string, Onnx.ValueInfoProto> declared)
    {
        var specs = new Dictionary<string, TensorSpec>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var node = metadata[name];
            if (!node.IsTensor)
            {
                throw ServingException.Unimplemented($"Model input or output '{name}' is a {node.OnnxValueType}; only tensors can be served.");
            }

            var dataType = OnnxTypes.ToDataType(node.ElementDataType);
            if (!DataTypes.IsSupported(dataType))
            {
                throw ServingException.Unimplemented($"Model input or output '{name}' has element type {node.ElementDataType}, which cannot be served.");
            }

            specs[name] = new TensorSpec(name, dataType, ShapeOf(declared.GetValueOrDefault(name)));
        }

        return specs;
    }

    private static ShapeSpec ShapeOf(Onnx.ValueInfoProto? valueInfo)
    {
        var shape = valueInfo?.Type?.TensorType?.Shape;
        if (shape is null)
        {
            return ShapeSpec.AnyRank;
        }

        var dims = new DimSpec[shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var dim = shape.Dim[i];
            dims[i] = dim.HasDimValue ? new DimSpec(dim.DimValue) : new DimSpec(-1, dim.HasDimParam ? dim.DimParam : string.Empty);
        }

        return new ShapeSpec(dims);
    }
}
