using System.Text;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Tests.Translation;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Kernels;

/// <summary>Plans a small graph whose node of interest is a host kernel and runs it on fed tensors (through the importer, as a server would).</summary>
internal static class KernelRun
{
    /// <summary>The outputs 0..<paramref name="outputs"/>-1 of node <paramref name="node"/>.</summary>
    public static Tensor[] Run(TfGraphBuilder graph, string node, int outputs, params (string Name, Tensor Value)[] feeds)
    {
        var names = Enumerable.Range(0, outputs).Select(i => $"{node}:{i}").ToArray();
        var plan = GraphTranslator.Plan(new TranslationRequest(graph.Graph, graph.Inputs, names, new ZeroVariables(), "kernel"));
        Assert.Contains(plan.Stages, s => s is KernelStage k && k.NodeName == node);
        var values = PlanRun.Run(plan, feeds);
        return [.. names.Select(n => values[n])];
    }

    public static Tensor StringTensor(long[] shape, params string[] values) => Tensor.CreateStrings(new TensorShape(shape), [.. values.Select(Encoding.UTF8.GetBytes)]);

    public static Tensor StringTensor(params string[] values) => StringTensor([values.Length], values);

    public static Tensor Scalar(string value) => StringTensor([], value);

    public static string[] Text(Tensor tensor) => [.. tensor.Strings.Select(Encoding.UTF8.GetString)];

    public static TensorValue StringConstant(params string[] values) => TensorValue.FromStrings(values.Length == 1 ? [] : [values.Length], [.. values.Select(Encoding.UTF8.GetBytes)]);
}
