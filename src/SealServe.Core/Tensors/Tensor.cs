using System.Runtime.InteropServices;

namespace SealServe.Core.Tensors;

/// <summary>
/// A dense tensor crossing the server's boundaries: a dtype, a shape and contiguous little-endian
/// element bytes (or, for strings, one byte array per element). Codecs convert at the edges.
/// </summary>
/// <remarks>
/// The element bytes may live in pooled arrays or in engine-owned native memory; whoever holds the
/// tensor disposes it to give that memory back. A tensor is not used after it is disposed.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private readonly IDisposable? owner;
    private readonly byte[][]? strings;

    private Tensor(DataType dataType, TensorShape shape, Memory<byte> data, byte[][]? strings, IDisposable? owner)
    {
        DataType = dataType;
        Shape = shape;
        Data = data;
        this.strings = strings;
        this.owner = owner;
    }

    public DataType DataType { get; }

    public TensorShape Shape { get; }

    /// <summary>Element bytes of a fixed-size type (empty for strings).</summary>
    public Memory<byte> Data { get; }

    /// <summary>Elements of a string tensor (arbitrary bytes, not necessarily UTF-8).</summary>
    public IReadOnlyList<byte[]> Strings => strings ?? throw new InvalidOperationException($"A {DataTypes.TfName(DataType)} tensor has no string elements.");

    public bool IsString => DataType == DataType.String;

    /// <summary>Wraps element bytes that <paramref name="owner"/> (if any) releases on <see cref="Dispose"/>.</summary>
    public static Tensor Create(DataType dataType, TensorShape shape, Memory<byte> data, IDisposable? owner = null)
    {
        var size = DataTypes.ElementSize(dataType);
        if (dataType == DataType.String || size == 0)
        {
            throw new ArgumentException($"{DataTypes.TfName(dataType)} is not a fixed-size element type.", nameof(dataType));
        }

        if (data.Length != shape.ByteCount(size))
        {
            throw new ArgumentException($"Expected {shape.ByteCount(size)} bytes for {DataTypes.TfName(dataType)}{shape}, got {data.Length}.", nameof(data));
        }

        return new Tensor(dataType, shape, data, null, owner);
    }

    /// <summary>Allocates a zeroed tensor (pooled when small, see <see cref="BoundedPool"/>); its memory goes back on <see cref="Dispose"/>.</summary>
    public static Tensor Allocate(DataType dataType, TensorShape shape)
    {
        var bytes = shape.ByteCount(DataTypes.ElementSize(dataType));
        if (bytes is < 0 or > int.MaxValue)
        {
            throw new OverflowException($"{DataTypes.TfName(dataType)}{shape} needs more bytes than one buffer holds.");
        }

        var rented = BoundedPool.Rent((int)bytes);
        var memory = rented.Memory[..(int)bytes];
        memory.Span.Clear();
        return Create(dataType, shape, memory, rented);
    }

    public static Tensor CreateStrings(TensorShape shape, byte[][] values)
    {
        if (values.Length != shape.ElementCount)
        {
            throw new ArgumentException($"Expected {shape.ElementCount} strings for shape {shape}, got {values.Length}.", nameof(values));
        }

        return new Tensor(DataType.String, shape, Memory<byte>.Empty, values, null);
    }

    /// <summary>A tensor over a copy of typed values (tests and small constants).</summary>
    public static Tensor FromValues<T>(TensorShape shape, params T[] values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        return Create(DataTypeOf<T>(), shape, bytes);
    }

    /// <summary>The element type for a CLR element type.</summary>
    public static DataType DataTypeOf<T>()
        where T : unmanaged => default(T) switch
        {
            float => DataType.Float,
            double => DataType.Double,
            Half => DataType.Half,
            sbyte => DataType.Int8,
            short => DataType.Int16,
            int => DataType.Int32,
            long => DataType.Int64,
            byte => DataType.UInt8,
            ushort => DataType.UInt16,
            uint => DataType.UInt32,
            ulong => DataType.UInt64,
            bool => DataType.Bool,
            _ => throw new NotSupportedException($"No tensor element type for {typeof(T)}."),
        };

    /// <summary>The elements as <typeparamref name="T"/>, which must match <see cref="DataType"/> in size.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data.Span);

    public void Dispose() => owner?.Dispose();

    public override string ToString() => $"{DataTypes.TfName(DataType)}{Shape}";
}
