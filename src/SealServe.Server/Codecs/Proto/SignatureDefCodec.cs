using SealServe.Core.Signatures;

namespace SealServe.Server.Codecs.Proto;

/// <summary>Renders servable signatures as TensorFlow's SignatureDef messages (model metadata).</summary>
internal static class SignatureDefCodec
{
    public static Tensorflow.Serving.SignatureDefMap ToSignatureDefMap(IReadOnlyDictionary<string, Signature> signatures)
    {
        var map = new Tensorflow.Serving.SignatureDefMap();
        foreach (var (key, signature) in signatures)
        {
            map.SignatureDef[key] = ToSignatureDef(signature);
        }

        return map;
    }

    public static Tensorflow.SignatureDef ToSignatureDef(Signature signature)
    {
        var def = new Tensorflow.SignatureDef { MethodName = signature.MethodName };
        foreach (var (alias, spec) in signature.Inputs)
        {
            def.Inputs[alias] = ToTensorInfo(spec);
        }

        foreach (var (alias, spec) in signature.Outputs)
        {
            def.Outputs[alias] = ToTensorInfo(spec);
        }

        return def;
    }

    private static Tensorflow.TensorInfo ToTensorInfo(TensorSpec spec)
    {
        var info = new Tensorflow.TensorInfo { Name = spec.Name, Dtype = (Tensorflow.DataType)(int)spec.DataType };
        if (spec.Shape is { } shape)
        {
            info.TensorShape = new Tensorflow.TensorShapeProto { UnknownRank = shape.UnknownRank };
            foreach (var dim in shape.Dims)
            {
                info.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = dim.Size, Name = dim.Name });
            }
        }

        return info;
    }
}
