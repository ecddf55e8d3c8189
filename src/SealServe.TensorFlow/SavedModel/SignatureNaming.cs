using Google.Protobuf;
using Onnx;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Gives a translated model the API of the signature it was translated from (<c>sealserve convert</c>): its ONNX inputs
/// and outputs take the signature's aliases (<c>x</c>, not <c>x:0</c>), and the signature itself (key, method, aliases,
/// dtypes, shapes) is recorded in the model's metadata as TensorFlow's <c>SignatureDef</c> in JSON, over the ONNX names,
/// so the server serves the converted model under the same signature a client called on the SavedModel.
/// </summary>
public static class SignatureNaming
{
    /// <summary>metadata_props key of the signature's key (<c>serving_default</c>, <c>predict</c>...).</summary>
    public const string KeyProperty = "tensorflow.serving.signature_key";

    /// <summary>metadata_props key of the SignatureDef (JSON, TensorInfo names are ONNX input and output names).</summary>
    public const string SignatureProperty = "tensorflow.serving.signature_def";

    /// <summary>Renames <paramref name="model"/>'s inputs and outputs (named by TF tensor) to <paramref name="signature"/>'s aliases and records it.</summary>
    public static void Apply(ModelProto model, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(signature);
        var graph = model.Graph;
        var taken = graph.Node.SelectMany(n => n.Output).Concat(graph.Initializer.Select(i => i.Name)).Concat(graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        var recorded = new SignatureDef { MethodName = signature.MethodName };
        var renamedInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var prologue = new List<NodeProto>();
        foreach (var alias in signature.InputAliases)
        {
            var spec = signature.Inputs[alias];
            if (!renamedInputs.TryGetValue(spec.Name, out var name))
            {
                var input = graph.Input.FirstOrDefault(i => i.Name == spec.Name)
                    ?? throw ServingException.Internal($"The translated model has no input '{spec.Name}' for alias '{alias}'.");
                name = Claim(alias, taken);
                input.Name = name;
                prologue.Add(Identity(name, spec.Name));
                renamedInputs[spec.Name] = name;
            }

            recorded.Inputs[alias] = Info(name, spec);
        }

        var outputs = graph.Output.ToDictionary(o => o.Name, StringComparer.Ordinal);
        graph.Output.Clear();
        foreach (var alias in signature.OutputAliases)
        {
            var spec = signature.Outputs[alias];
            var source = outputs.GetValueOrDefault(spec.Name) ?? throw ServingException.Internal($"The translated model has no output '{spec.Name}' for alias '{alias}'.");
            var name = Claim(alias, taken);
            graph.Node.Add(Identity(spec.Name, name));
            var output = source.Clone();
            output.Name = name;
            graph.Output.Add(output);
            recorded.Outputs[alias] = Info(name, spec);
        }

        for (var i = 0; i < prologue.Count; i++)
        {
            graph.Node.Insert(i, prologue[i]);
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = KeyProperty, Value = signature.Key });
        model.MetadataProps.Add(new StringStringEntryProto { Key = SignatureProperty, Value = JsonFormatter.Default.Format(recorded) });
    }

    /// <summary>The signature a converted model records (null when it records none), over its ONNX names.</summary>
    public static Signature? Read(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = model.MetadataProps.FirstOrDefault(p => p.Key == KeyProperty)?.Value;
        var json = model.MetadataProps.FirstOrDefault(p => p.Key == SignatureProperty)?.Value;
        if (key is null || json is null)
        {
            return null;
        }

        SignatureDef def;
        try
        {
            def = JsonParser.Default.Parse<SignatureDef>(json);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ServingException.InvalidArgument($"The model's metadata '{SignatureProperty}' is not a SignatureDef: {e.Message}");
        }

        return new Signature(
            key,
            def.MethodName,
            def.Inputs.ToDictionary(i => i.Key, i => SignatureDefs.ToSpec(i.Value), StringComparer.Ordinal),
            def.Outputs.ToDictionary(o => o.Key, o => SignatureDefs.ToSpec(o.Value), StringComparer.Ordinal));
    }

    private static string Claim(string alias, HashSet<string> taken) => taken.Add(alias)
        ? alias
        : throw ServingException.Unimplemented($"The signature's alias '{alias}' is also the name of a value in the translated graph; it cannot name an ONNX input or output.");

    private static NodeProto Identity(string input, string output) => new() { OpType = "Identity", Name = "signature/" + output, Input = { input }, Output = { output } };

    private static TensorInfo Info(string name, TensorSpec spec)
    {
        var info = new TensorInfo { Name = name, Dtype = (Tensorflow.DataType)(int)spec.DataType };
        if (spec.Shape is { } shape)
        {
            info.TensorShape = new Tensorflow.TensorShapeProto { UnknownRank = shape.UnknownRank };
            info.TensorShape.Dim.AddRange(shape.Dims.Select(d => new Tensorflow.TensorShapeProto.Types.Dim { Size = d.Size, Name = d.Name }));
        }

        return info;
    }
}
