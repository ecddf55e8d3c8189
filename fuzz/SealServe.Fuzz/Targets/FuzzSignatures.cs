using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Fuzz.Targets;

/// <summary>The signatures requests are read against: one float input by default, and one with several dtypes.</summary>
internal static class FuzzSignatures
{
    public static IReadOnlyDictionary<string, Signature> All { get; } = new Dictionary<string, Signature>(StringComparer.Ordinal)
    {
        [Signature.DefaultKey] = Make(Signature.DefaultKey, ("x", DataType.Float)),
        ["multi"] = Make("multi", ("a", DataType.Int32), ("b", DataType.String), ("c", DataType.Half), ("d", DataType.UInt8), ("e", DataType.Bool), ("f", DataType.Int64)),
    };

    private static Signature Make(string key, params (string Alias, DataType Type)[] inputs)
    {
        var specs = inputs.ToDictionary(i => i.Alias, i => new TensorSpec(i.Alias + ":0", i.Type, ShapeSpec.AnyRank), StringComparer.Ordinal);
        return new Signature(key, Signature.PredictMethod, specs, new Dictionary<string, TensorSpec> { ["y"] = new("y:0", DataType.Float, ShapeSpec.AnyRank) });
    }
}
