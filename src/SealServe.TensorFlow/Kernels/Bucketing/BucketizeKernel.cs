using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Bucketing;

/// <summary>
/// TensorFlow's <c>Bucketize</c>: each value's bucket among the sorted <c>boundaries</c>, the number of boundaries not
/// greater than it (boundaries [0, 10, 100]: -5 → 0, 10 → 2, 150 → 3), as int32 of the input's shape.
/// </summary>
[TfKernel("Bucketize", Notes = "Upper bound in the sorted boundaries attribute; int32, float, int64 and double inputs.")]
internal sealed class BucketizeKernel : IHostKernel
{
    private readonly float[] boundaries;

    private readonly KernelInputs nodeInputs;

    public BucketizeKernel(KernelConstruction construction)
    {
        boundaries = [.. construction.Node.GetFloats("boundaries")];
        for (var i = 1; i < boundaries.Length; i++)
        {
            if (boundaries[i] < boundaries[i - 1])
            {
                throw construction.Error("Expected sorted boundaries");
            }
        }

        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(DataType.Int32, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = inputs[0];
        var values = input.DataType switch
        {
            DataType.Float => [.. input.AsSpan<float>().ToArray().Select(v => (double)v)],
            DataType.Double => input.AsSpan<double>().ToArray(),
            DataType.Int32 => [.. input.AsSpan<int>().ToArray().Select(v => (double)v)],
            DataType.Int64 => [.. input.AsSpan<long>().ToArray().Select(v => (double)v)],
            _ => throw ServingException.InvalidArgument($"Bucketize takes int32, int64, float or double, got {DataTypes.ShortName(input.DataType)}."),
        };
        var buckets = new int[values.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = UpperBound(boundaries, values[i]);
        }

        return [KernelTensors.Of(input.Shape, buckets)];
    }

    /// <summary>The index of the first boundary greater than <paramref name="value"/>.</summary>
    private static int UpperBound(float[] boundaries, double value)
    {
        var (low, high) = (0, boundaries.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = boundaries[middle] <= value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
