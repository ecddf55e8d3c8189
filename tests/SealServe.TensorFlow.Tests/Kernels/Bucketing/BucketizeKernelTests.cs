using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Bucketing;

/// <summary>Bucketize (upper bound, TF's documented example) and BoostedTreesBucketize (lower bound clamped to the last boundary).</summary>
public sealed class BucketizeKernelTests
{
    [Fact]
    public void Bucketize_DocumentedExample()
    {
        // boundaries = [0, 10, 100]; input [[-5, 10000], [150, 10], [5, 100]] → [[0, 3], [3, 2], [1, 3]]
        var graph = new TfGraphBuilder();
        var boundaries = new Tensorflow.AttrValue { List = new Tensorflow.AttrValue.Types.ListValue { F = { 0f, 10f, 100f } } };
        graph.OpT("Bucketize", "b", DataType.Int32, [graph.Placeholder("x", DataType.Int32, -1, 2)], ("boundaries", boundaries));

        var y = Run(graph, "b", 1, ("x:0", Tensor.FromValues(new TensorShape(3, 2), -5, 10000, 150, 10, 5, 100)))[0];

        Assert.Equal(new TensorShape(3, 2), y.Shape);
        Assert.Equal([0, 3, 3, 2, 1, 3], y.AsSpan<int>().ToArray());
    }

    [Fact]
    public void BoostedTreesBucketize_PerFeatureLowerBoundClampedToTheLastBoundary()
    {
        // Feature 0 boundaries [1, 3, 5]: 0 → 0, 1 → 0 (equal), 2 → 1, 5 → 2, 6 → past the end, clamped to 2.
        // Feature 1 has no boundaries: every value is in bucket 0.
        var graph = new TfGraphBuilder();
        graph.Op("BoostedTreesBucketize", "b",
            [graph.Placeholder("f0", DataType.Float, -1), graph.Placeholder("f1", DataType.Float, -1), graph.Const("b0", [1f, 3f, 5f], 3), graph.Const("b1", Array.Empty<float>(), 0)],
            ("num_features", TfGraphBuilder.Int(2)));

        var outputs = Run(graph, "b", 2,
            ("f0:0", Tensor.FromValues(new TensorShape(5), 0f, 1f, 2f, 5f, 6f)),
            ("f1:0", Tensor.FromValues(new TensorShape(2), -3f, 7f)));

        Assert.Equal([0, 0, 1, 2, 2], outputs[0].AsSpan<int>().ToArray());
        Assert.Equal([0, 0], outputs[1].AsSpan<int>().ToArray());
    }
}
