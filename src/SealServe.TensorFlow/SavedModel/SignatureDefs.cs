using Google.Protobuf.Collections;
using SealServe.Core.Signatures;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// SignatureDef → Core <see cref="Signature"/>, keeping everything model metadata prints: dtype (including
/// <c>*_REF</c>), shape absent / unknown rank / dims with names, and method_name.
/// </summary>
public static class SignatureDefs
{
    /// <summary>The signature TF2 SavedModels carry for their init function; it lists no inputs and cannot be run.</summary>
    public const string InitOpKey = "__saved_model_init_op";

    public static IReadOnlyDictionary<string, Signature> ToSignatures(MapField<string, SignatureDef> signatureDefs)
    {
        var signatures = new Dictionary<string, Signature>(StringComparer.Ordinal);
        foreach (var (key, def) in signatureDefs)
        {
            signatures[key] = new Signature(key, def.MethodName, ToSpecs(def.Inputs), ToSpecs(def.Outputs));
        }

        return signatures;
    }

    public static TensorSpec ToSpec(TensorInfo info) =>
        new(TensorName(info), (DataType)(int)info.Dtype, info.TensorShape is { } shape ? ToShape(shape) : null);

    /// <summary>The graph tensor a TensorInfo stands for; a sparse (COO) one is fed and fetched through its values tensor.</summary>
    public static string TensorName(TensorInfo info) => info.EncodingCase switch
    {
        TensorInfo.EncodingOneofCase.CooSparse => info.CooSparse.ValuesTensorName,
        _ => info.Name,
    };

    public static ShapeSpec ToShape(TensorShapeProto? shape)
    {
        if (shape is null || shape.UnknownRank)
        {
            return ShapeSpec.AnyRank;
        }

        var dims = new DimSpec[shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = new DimSpec(shape.Dim[i].Size, shape.Dim[i].Name);
        }

        return new ShapeSpec(dims);
    }

    private static Dictionary<string, TensorSpec> ToSpecs(MapField<string, TensorInfo> infos)
    {
        var specs = new Dictionary<string, TensorSpec>(StringComparer.Ordinal);
        foreach (var (alias, info) in infos)
        {
            specs[alias] = ToSpec(info);
        }

        return specs;
    }
}
