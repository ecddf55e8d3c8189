using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels;

/// <summary>
/// Node inputs a kernel takes either way: the value of an input that is a constant (read once, at import), or the
/// tensor a run computes for one that depends on the request (declared a run-time input). <see cref="All"/> gives
/// <c>Compute</c> every one of them back in node order.
/// </summary>
internal sealed class KernelInputs
{
    private readonly Tensor?[] constants;

    /// <summary>Takes node inputs 0 .. <paramref name="count"/> - 1, declaring those that are not constants run-time inputs in order.</summary>
    public KernelInputs(KernelConstruction construction, int count)
    {
        constants = new Tensor?[count];
        for (var i = 0; i < count; i++)
        {
            if (construction.TryConstant(i) is { } value)
            {
                constants[i] = value.ToTensor();
            }
            else
            {
                construction.RuntimeInput(i);
            }
        }
    }

    /// <summary>Every node input, constants and the run-time inputs <c>Compute</c> received, in node order.</summary>
    public Tensor[] All(ReadOnlySpan<Tensor> runtime)
    {
        var all = new Tensor[constants.Length];
        for (int i = 0, next = 0; i < all.Length; i++)
        {
            all[i] = constants[i] ?? runtime[next++];
        }

        return all;
    }
}
