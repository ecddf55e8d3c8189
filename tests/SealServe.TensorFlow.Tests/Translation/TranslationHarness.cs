using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using AttrValue = Tensorflow.AttrValue;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>Translates a built graph and runs it in ONNX Runtime.</summary>
internal static class TranslationHarness
{
    public static global::Onnx.ModelProto Translate(TfGraphBuilder graph, params string[] outputs) =>
        GraphTranslator.Translate(new TranslationRequest(graph.Graph, graph.Inputs, outputs, new ZeroVariables(), "test"));

    public static IReadOnlyDictionary<string, OnnxResult> Run(TfGraphBuilder graph, NamedOnnxValue[] feeds, params string[] outputs) =>
        OnnxRun.Run(Translate(graph, outputs), feeds, outputs);

    /// <summary>Runs and returns the single output.</summary>
    public static OnnxResult RunOne(TfGraphBuilder graph, NamedOnnxValue[] feeds, string output) => Run(graph, feeds, output)[output];

    /// <summary><c>y = op(x, constants...)</c> with attribute <c>T</c> = <paramref name="type"/>: x is fed <paramref name="values"/> of shape <paramref name="shape"/>.</summary>
    public static OnnxResult RunOp<T>(string op, DataType type, T[] values, int[] shape, IEnumerable<TensorValue>? constants = null, params (string Name, AttrValue Value)[] attributes)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", type, [.. shape.Select(d => (long)d)]);
        var inputs = new List<string> { x };
        var index = 0;
        foreach (var constant in constants ?? [])
        {
            inputs.Add(graph.Const($"c{index++}", constant));
        }

        graph.OpT(op, "y", type, inputs, attributes);
        return RunOne(graph, [OnnxRun.Feed("x:0", values, shape)], "y:0");
    }

    /// <summary>Asserts element-wise closeness of float results.</summary>
    public static void Close(IEnumerable<float> expected, OnnxResult actual, float tolerance = 1e-5f) =>
        Assert.Equal(expected, actual.As<float>(), (a, b) => MathF.Abs(a - b) <= tolerance * MathF.Max(1, MathF.Abs(a)) || (float.IsNaN(a) && float.IsNaN(b)));
}
