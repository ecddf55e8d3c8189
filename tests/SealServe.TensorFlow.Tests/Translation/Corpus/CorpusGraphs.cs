using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Reads corpus graphs the way the loader hands them to the translator (without the variables bundle).</summary>
internal static class CorpusGraphs
{
    public static MetaGraphDef MetaGraph(string savedModelPb) =>
        Tensorflow.SavedModel.Parser.ParseFrom(File.ReadAllBytes(TestKit.Corpus.Require(savedModelPb))).MetaGraphs[0];

    public static GraphDef Frozen(string graphPb) => GraphDef.Parser.ParseFrom(File.ReadAllBytes(TestKit.Corpus.Require(graphPb)));

    /// <summary>The request for one signature: its inputs (any tensors) and outputs.</summary>
    public static TranslationRequest Request(MetaGraphDef metaGraph, string signature, IVariableResolver? variables = null)
    {
        var definition = metaGraph.SignatureDef[signature];
        var inputs = definition.Inputs.Values.Select(i => new GraphInput(i.Name, (DataType)(int)i.Dtype, Shape(i.TensorShape))).ToArray();
        var outputs = definition.Outputs.Values.Select(o => o.Name).ToArray();
        return new TranslationRequest(metaGraph.GraphDef, inputs, outputs, variables ?? new ZeroVariables(), signature);
    }

    /// <summary>Scalar float variables by node name.</summary>
    public static IVariableResolver Scalars(params (string Name, float Value)[] values) =>
        new ZeroVariables(values.ToDictionary(v => v.Name, v => Tensor.FromValues(TensorShape.Scalar, v.Value)));

    private static ShapeSpec? Shape(TensorShapeProto? shape) =>
        shape is null || shape.UnknownRank ? null : ShapeSpec.Of([.. shape.Dim.Select(d => d.Size)]);
}
