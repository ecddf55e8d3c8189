using System.Buffers.Text;

namespace SealServe.Server.Codecs.Json;

/// <summary>Appends ASCII bytes to a fixed span, remembering (instead of throwing) when it runs out of room.</summary>
internal ref struct AsciiSpanWriter
{
    private readonly Span<byte> destination;

    public AsciiSpanWriter(Span<byte> destination)
    {
        this.destination = destination;
    }

    public int Length { get; private set; }

    public bool Overflowed { get; private set; }

    public readonly ReadOnlySpan<byte> Written => destination[..Length];

    public void Append(byte value)
    {
        if (Length < destination.Length)
        {
            destination[Length++] = value;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Append(scoped ReadOnlySpan<byte> value)
    {
        if (value.TryCopyTo(destination[Length..]))
        {
            Length += value.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void AppendZeros(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Append((byte)'0');
        }
    }

    public void AppendInteger(int value)
    {
        if (Utf8Formatter.TryFormat(value, destination[Length..], out var written))
        {
            Length += written;
        }
        else
        {
            Overflowed = true;
        }
    }
}
