using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Translates one signature of a SavedModel, or a whole frozen graph, into an ONNX model (for <c>sealserve convert</c>:
/// debugging and migration) with the signature's API: ONNX inputs and outputs named by its aliases, the signature
/// recorded in the model's metadata (<see cref="SignatureNaming"/>).
/// </summary>
public static class SavedModelConverter
{
    /// <param name="signatureKey">The signature to translate; <see langword="null"/> picks <c>serving_default</c>, or the only one there is.</param>
    public static Onnx.ModelProto ConvertSavedModel(ISavedModelFiles files, IReadOnlyCollection<string> tags, string? signatureKey, string location, string modelName)
    {
        using var bundle = SavedModelReader.Read(files, tags, location);
        var key = ChooseSignature(bundle.Signatures, signatureKey);
        var stateful = StatefulSignatures.Analyze(bundle.MetaGraph);
        if (stateful.Refused.TryGetValue(key, out var reason) || stateful.Uses.GetValueOrDefault(key) is { IsEmpty: false })
        {
            throw ServingException.Unimplemented(
                $"Model '{modelName}': signature '{key}' {reason ?? "reads or changes variables that live in the served version"}; one ONNX file cannot hold that state (serve the SavedModel instead).");
        }

        var group = SignatureGrouping.Group(bundle.MetaGraph).First(g => g.SignatureKeys.Contains(key));
        var signature = bundle.Signatures[key];
        var outputs = signature.Outputs.Values.Select(o => o.Name).Distinct(StringComparer.Ordinal).ToArray();
        var model = GraphTranslator.Translate(new TranslationRequest(bundle.MetaGraph.GraphDef, group.Inputs, outputs, bundle.Variables, modelName, bundle.Tables));
        SignatureNaming.Apply(model, signature);
        return model;
    }

    public static Onnx.ModelProto ConvertFrozenGraph(byte[] graphBytes, string file, string modelName)
    {
        var graph = FrozenGraphReader.Read(graphBytes, file);
        var model = GraphTranslator.Translate(new TranslationRequest(graph, FrozenGraphReader.Inputs(graph), FrozenGraphReader.Outputs(graph), FrozenGraphReader.NoVariables, modelName));
        SignatureNaming.Apply(model, FrozenGraphReader.Signature(graph));
        return model;
    }

    private static string ChooseSignature(IReadOnlyDictionary<string, Signature> signatures, string? requested)
    {
        var servable = signatures.Keys.Where(k => k != SignatureDefs.InitOpKey).Order(StringComparer.Ordinal).ToArray();
        var key = !string.IsNullOrEmpty(requested) ? requested
            : signatures.ContainsKey(Signature.DefaultKey) ? Signature.DefaultKey
            : servable.Length == 1 ? servable[0]
            : null;
        return key is not null && servable.Contains(key, StringComparer.Ordinal)
            ? key
            : throw ServingException.InvalidArgument(
                $"{(key is null ? "The SavedModel has no serving_default signature" : $"No signature '{key}'")}; choose one of: {string.Join(", ", servable)}.");
    }
}
