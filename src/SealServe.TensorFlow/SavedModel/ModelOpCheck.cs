using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// The ops a plain SavedModel (each group of signatures the server translates together) or frozen GraphDef uses that
/// SealServe can neither translate nor run as host kernels, found without translating anything: what
/// <c>sealserve inspect</c> lists before anyone tries to serve the model.
/// </summary>
public static class ModelOpCheck
{
    /// <summary>One group of signatures and the ops it needs that cannot run (empty: it can be served).</summary>
    public sealed record Result(IReadOnlyList<string> SignatureKeys, IReadOnlyList<UnsupportedOp> Unsupported);

    /// <summary>True when <paramref name="files"/> hold a SavedModel or a frozen GraphDef this check reads.</summary>
    public static bool Applies(ISavedModelFiles files) => files.Exists(SavedModelReader.FileName) || FrozenGraphReader.IsFrozenGraph(files);

    public static IReadOnlyList<Result> Check(ISavedModelFiles files, IReadOnlyCollection<string> tags, string location)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (FrozenGraphReader.IsFrozenGraph(files))
        {
            var file = FrozenGraphReader.FindGraphFile(files);
            var graph = FrozenGraphReader.Read(files.ReadAll(file), file);
            var inputs = FrozenGraphReader.Inputs(graph).Select(i => i.TensorName).ToArray();
            return [new Result([Core.Signatures.Signature.DefaultKey], GraphTranslator.FindUnsupportedOps(graph, inputs, FrozenGraphReader.Outputs(graph)))];
        }

        using var bundle = SavedModelReader.Read(files, tags, location);
        return
        [
            .. SignatureGrouping.Group(bundle.MetaGraph).Select(group => new Result(
                group.SignatureKeys,
                GraphTranslator.FindUnsupportedOps(bundle.MetaGraph.GraphDef, [.. group.Inputs.Select(i => i.TensorName)], group.Outputs))),
        ];
    }
}
