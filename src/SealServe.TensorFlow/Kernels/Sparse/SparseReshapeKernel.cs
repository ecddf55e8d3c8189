using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Sparse;

/// <summary>
/// TensorFlow's <c>SparseReshape</c>: a sparse tensor's indices [N, R] and dense shape [R] re-expressed for a new dense
/// shape (one dimension may be -1, inferred), keeping each value at the same row-major position.
/// </summary>
[TfKernel("SparseReshape", Notes = "One -1 dimension inferred; TF's size checks and texts.")]
internal sealed class SparseReshapeKernel : IHostKernel
{
    private readonly KernelInputs nodeInputs;

    public SparseReshapeKernel(KernelConstruction construction)
    {
        nodeInputs = new KernelInputs(construction, 3);
        var rank = construction.InputShape(2) is { UnknownRank: false, Dims: [var r] } ? r.Size : -1;
        construction.Output(DataType.Int64, ShapeSpec.Of(-1, rank));
        construction.Output(DataType.Int64, ShapeSpec.Of(rank));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var (indicesTensor, inputShapeTensor, newShapeTensor) = (inputs[0], inputs[1], inputs[2]);
        if (indicesTensor.Shape.Rank != 2)
        {
            throw ServingException.InvalidArgument($"Input indices should be a matrix but received shape {indicesTensor.Shape}");
        }

        if (inputShapeTensor.Shape.Rank != 1 || newShapeTensor.Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument($"Input shape and target shape should be vectors but received shapes {inputShapeTensor.Shape} and {newShapeTensor.Shape}");
        }

        var indices = KernelTensors.Int64s(indicesTensor, "input_indices");
        var inputShape = KernelTensors.Int64s(inputShapeTensor, "input_shape");
        var target = KernelTensors.Int64s(newShapeTensor, "new_shape");
        var (count, inputRank) = ((int)indicesTensor.Shape[0], (int)indicesTensor.Shape[1]);
        if (inputRank != inputShape.Length)
        {
            throw ServingException.InvalidArgument($"Input tensor rank must match input shape length, got {inputRank} vs. {inputShape.Length}");
        }

        var outputShape = OutputShape(inputShape, target);
        var outputIndices = new long[count * outputShape.Length];
        var inputStrides = Strides(inputShape);
        var outputStrides = Strides(outputShape);
        for (var i = 0; i < count; i++)
        {
            long linear = 0;
            for (var d = 0; d < inputRank; d++)
            {
                linear += indices[(i * inputRank) + d] * inputStrides[d];
            }

            for (var d = 0; d < outputShape.Length; d++)
            {
                outputIndices[(i * outputShape.Length) + d] = linear / outputStrides[d];
                linear %= outputStrides[d];
            }
        }

        return
        [
            KernelTensors.Of(new TensorShape(count, outputShape.Length), outputIndices),
            KernelTensors.Of(new TensorShape(outputShape.Length), outputShape),
        ];
    }

    private static long[] OutputShape(long[] inputShape, long[] target)
    {
        var denseSize = inputShape.Aggregate(1L, (n, d) => n * d);
        var output = (long[])target.Clone();
        long product = 1;
        var unknown = -1;
        for (var d = 0; d < output.Length; d++)
        {
            if (output[d] == -1)
            {
                if (unknown != -1)
                {
                    throw ServingException.InvalidArgument($"only one output dimension may be -1, not both {unknown} and {d}");
                }

                unknown = d;
            }
            else if (output[d] < 0)
            {
                throw ServingException.InvalidArgument($"size {d} must be non-negative, not {output[d]}");
            }
            else
            {
                product *= output[d];
            }
        }

        if (unknown != -1)
        {
            var missing = product > 0 ? denseSize / product : 0;
            if (product == 0 || product * missing != denseSize)
            {
                throw ServingException.InvalidArgument($"Input to reshape is a SparseTensor with {denseSize} dense values, but the requested shape requires a multiple of {product}. input_shape={Format(inputShape)} output_shape={Format(target)}");
            }

            output[unknown] = missing;
        }

        var outputSize = output.Aggregate(1L, (n, d) => n * d);
        return outputSize == denseSize
            ? output
            : throw ServingException.InvalidArgument($"Input to reshape is a tensor with {denseSize} dense values, but the requested shape has {outputSize}. input_shape={Format(inputShape)} output_shape={Format(output)}");
    }

    private static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        for (long d = shape.Length - 1, stride = 1; d >= 0; stride *= shape[d], d--)
        {
            strides[d] = stride;
        }

        return strides;
    }

    private static string Format(long[] shape) => new TensorShape(shape.Select(d => Math.Max(d, 0)).ToArray()).ToString();
}
