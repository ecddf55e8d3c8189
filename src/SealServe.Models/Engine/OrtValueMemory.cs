using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace SealServe.Models.Engine;

/// <summary>
/// Exposes the native buffer of an engine output as <see cref="Memory{T}"/> so codecs read it in
/// place (no copy into managed memory); disposing releases the <see cref="OrtValue"/>.
/// </summary>
internal sealed unsafe class OrtValueMemory : MemoryManager<byte>
{
    private readonly OrtValue value;
    private readonly byte* pointer;
    private readonly int length;

    public OrtValueMemory(OrtValue value)
    {
        this.value = value;
        var span = value.GetTensorMutableRawData();
        length = span.Length;
        fixed (byte* p = span)
        {
            // Native tensor memory does not move; the pointer stays valid until the value is released.
            pointer = p;
        }
    }

    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing) => value.Dispose();
}
