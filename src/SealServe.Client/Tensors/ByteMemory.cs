using System.Buffers;
using System.Runtime.InteropServices;

namespace SealServe.Client.Tensors;

/// <summary>Views typed memory as bytes without copying it (the standard <see cref="MemoryManager{T}"/> cast).</summary>
internal static class ByteMemory
{
    public static ReadOnlyMemory<byte> Of<T>(ReadOnlyMemory<T> values)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? (ReadOnlyMemory<byte>)(object)values : new CastManager<T>(MemoryMarshal.AsMemory(values)).Memory;

    private sealed unsafe class CastManager<T>(Memory<T> source) : MemoryManager<byte>
        where T : unmanaged
    {
        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(source.Span);

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            var pinned = source.Pin();
            return new MemoryHandle((byte*)pinned.Pointer + elementIndex, default, new Unpin(pinned));
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>Releases the source's pin when the byte view's handle is disposed.</summary>
    private sealed class Unpin(MemoryHandle pinned) : IPinnable
    {
        private MemoryHandle pinned = pinned;

        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException();

        void IPinnable.Unpin() => pinned.Dispose();
    }
}
