using System.Buffers;

namespace SealServe.Core.Tensors;

/// <summary>
/// Buffers for request-sized data: from the shared array pool up to <see cref="MaxPooledBytes"/>, fresh
/// arrays above. The shared pool keeps what it is given back, so pooling a few hostile 256 MiB bodies or
/// tensors would keep gigabytes resident after the requests are gone; large buffers go back to the GC instead.
/// </summary>
public static class BoundedPool
{
    /// <summary>Largest buffer that is pooled. Bigger requests are rare and cost a fresh allocation, not resident memory.</summary>
    public const int MaxPooledBytes = 1 << 20;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes; give it back with <see cref="Return"/>.</summary>
    public static byte[] RentArray(int minimumLength) =>
        minimumLength <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(minimumLength) : GC.AllocateUninitializedArray<byte>(minimumLength);

    /// <summary>Returns an array from <see cref="RentArray"/>; arrays above the pooled size are left to the GC.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>Memory of at least <paramref name="minimumLength"/> bytes that goes back on dispose.</summary>
    public static IMemoryOwner<byte> Rent(int minimumLength) => new Owner(RentArray(minimumLength));

    private sealed class Owner(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? array = array;

        public Memory<byte> Memory => array ?? throw new ObjectDisposedException(nameof(BoundedPool));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } held)
            {
                Return(held);
            }
        }
    }
}
