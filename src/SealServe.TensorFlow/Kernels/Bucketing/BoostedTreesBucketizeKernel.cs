using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Bucketing;

/// <summary>
/// TensorFlow's <c>BoostedTreesBucketize</c> (tf.Transform's <c>apply_buckets</c>): for each of <c>num_features</c>
/// float vectors, each value's bucket among that feature's sorted boundaries: the index of the first boundary not less
/// than it, at most the last boundary's index (no boundaries: bucket 0), as int32.
/// </summary>
[TfKernel("BoostedTreesBucketize", Notes = "Lower bound clamped to the last boundary, per feature.")]
internal sealed class BoostedTreesBucketizeKernel : IHostKernel
{
    private readonly int features;
    private readonly KernelInputs nodeInputs;

    public BoostedTreesBucketizeKernel(KernelConstruction construction)
    {
        features = (int)construction.Node.GetInt("num_features");
        if (features < 0 || construction.Node.Inputs.Count != 2 * features)
        {
            throw construction.Error($"num_features is {features}, but the node has {construction.Node.Inputs.Count} inputs (expected values and boundaries for each feature).");
        }

        nodeInputs = new KernelInputs(construction, 2 * features);

        for (var f = 0; f < features; f++)
        {
            construction.Output(DataType.Int32, ShapeSpec.Of(construction.InputShape(f) is { UnknownRank: false, Dims: [var batch] } ? batch.Size : -1));
        }
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var outputs = new Tensor[features];
        for (var f = 0; f < features; f++)
        {
            var (values, boundaries) = (inputs[f], inputs[features + f]);
            if (boundaries.Shape.Rank != 1)
            {
                throw ServingException.InvalidArgument("Buckets should be flat vectors.");
            }

            if (values.DataType != DataType.Float || boundaries.DataType != DataType.Float)
            {
                throw ServingException.InvalidArgument("BoostedTreesBucketize takes float values and float boundaries.");
            }

            var bounds = boundaries.AsSpan<float>();
            var input = values.AsSpan<float>();
            var buckets = new int[values.Shape.Rank == 0 ? 1 : values.Shape[0]];
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = bounds.Length == 0 ? 0 : Math.Min(LowerBound(bounds, input[i]), bounds.Length - 1);
            }

            outputs[f] = KernelTensors.Of(new TensorShape(buckets.Length), buckets);
        }

        return outputs;
    }

    /// <summary>The index of the first boundary not less than <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<float> boundaries, float value)
    {
        var (low, high) = (0, boundaries.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = boundaries[middle] < value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
