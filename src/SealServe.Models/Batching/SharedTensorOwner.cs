using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// Lets the row slices of one batched output share its memory: each slice holds a lease, and the output is
/// disposed when the last lease is (so splitting copies nothing).
/// </summary>
internal sealed class SharedTensorOwner(Tensor tensor, int leases)
{
    private int remaining = leases;

    /// <summary>One slice's claim; disposing it twice releases once.</summary>
    public IDisposable Lease() => new SliceLease(this);

    private void Release()
    {
        if (Interlocked.Decrement(ref remaining) == 0)
        {
            tensor.Dispose();
        }
    }

    private sealed class SliceLease(SharedTensorOwner owner) : IDisposable
    {
        private SharedTensorOwner? held = owner;

        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
