using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// One MetaGraph of a SavedModel, read into memory: the graph, its signatures, its variables and its asset
/// files. Disposing zeroes the variable values read from the checkpoint.
/// </summary>
public sealed class SavedModelBundle : IDisposable
{
    private readonly VariablesBundleReader? variables;

    internal SavedModelBundle(MetaGraphDef metaGraph, VariablesBundleReader? variables, IVariableResolver resolver, ITableResolver tables, IReadOnlyList<string> assets)
    {
        MetaGraph = metaGraph;
        this.variables = variables;
        Variables = resolver;
        Tables = tables;
        Assets = assets;
        Signatures = SignatureDefs.ToSignatures(metaGraph.SignatureDef);
    }

    public MetaGraphDef MetaGraph { get; }

    /// <summary>Every SignatureDef as a Core signature (including <c>__saved_model_init_op</c>: TF Serving lists it too).</summary>
    public IReadOnlyDictionary<string, Signature> Signatures { get; }

    /// <summary>Values of the graph's variables, restored from the checkpoint as TF Serving's restore op would.</summary>
    public IVariableResolver Variables { get; }

    /// <summary>Contents of the graph's lookup tables, as its init op fills them (read from assets when first asked for).</summary>
    public ITableResolver Tables { get; }

    /// <summary>Files under <c>assets/</c> and <c>assets.extra/</c>, relative to the version folder.</summary>
    public IReadOnlyList<string> Assets { get; }

    public void Dispose() => variables?.Dispose();
}
