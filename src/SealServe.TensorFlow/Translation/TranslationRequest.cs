using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// What to translate: a TensorFlow graph (with its function library), cut at <see cref="Inputs"/>
/// (any tensors, not only placeholders) and computing <see cref="Outputs"/>.
/// </summary>
/// <param name="Graph">The graph, e.g. a MetaGraphDef's graph_def or a frozen GraphDef.</param>
/// <param name="Inputs">Tensors fed by the caller; they become the ONNX graph inputs, named by their TF tensor names.</param>
/// <param name="Outputs">TF tensor names to compute (<c>y:0</c>; <c>y</c> means <c>y:0</c>); they become the ONNX outputs, same names.</param>
/// <param name="Variables">Values of the graph's variables.</param>
/// <param name="ModelName">Names the model in error messages.</param>
/// <param name="Tables">Contents of the graph's lookup tables (null: the graph has none it can fill).</param>
public sealed record TranslationRequest(
    Tensorflow.GraphDef Graph,
    IReadOnlyList<GraphInput> Inputs,
    IReadOnlyList<string> Outputs,
    IVariableResolver Variables,
    string ModelName,
    ITableResolver? Tables = null);

/// <summary>A fed tensor: its TF name (<c>x:0</c>), element type and declared shape (null: unknown).</summary>
public sealed record GraphInput(string TensorName, DataType DataType, ShapeSpec? Shape);
