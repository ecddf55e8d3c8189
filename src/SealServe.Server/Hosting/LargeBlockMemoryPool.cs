using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace SealServe.Server.Hosting;

/// <summary>
/// Kestrel's memory pool with 64 KiB blocks instead of its 4 KiB ones. The socket transport receives into one
/// block at a time, so a 600 KB image tensor took some 150 <c>recv</c> calls and as many pipe segments for
/// HTTP/2 and protobuf to walk; with 64 KiB blocks it takes ten (docs/benchmarks.md, "Compute-bound models").
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    private readonly ConcurrentQueue<Block> free = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return free.TryDequeue(out var block) ? block : new Block(this);
    }

    protected override void Dispose(bool disposing) => free.Clear();

    /// <summary>Makes Kestrel's transports and HTTP/2 streams use <see cref="LargeBlockMemoryPool"/>.</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }

    /// <summary>A pinned array (sockets pin what they read into; a pinned-heap array makes that free), back to the pool on dispose.</summary>
    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.free.Enqueue(this);
    }
}
