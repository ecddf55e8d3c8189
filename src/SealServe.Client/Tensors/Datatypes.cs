namespace SealServe.Client.Tensors;

/// <summary>The Open Inference Protocol's datatype names and their .NET element types.</summary>
public static class Datatypes
{
    /// <summary>The datatype of variable-length byte strings.</summary>
    public const string Bytes = "BYTES";

    /// <summary>The datatype of <typeparamref name="T"/> (<see cref="float"/> is <c>FP32</c>, <see cref="Half"/> <c>FP16</c>...).</summary>
    public static string Of<T>()
        where T : unmanaged => default(T) switch
        {
            bool => "BOOL",
            byte => "UINT8",
            ushort => "UINT16",
            uint => "UINT32",
            ulong => "UINT64",
            sbyte => "INT8",
            short => "INT16",
            int => "INT32",
            long => "INT64",
            Half => "FP16",
            float => "FP32",
            double => "FP64",
            _ => throw new NotSupportedException($"No datatype for {typeof(T)}; BF16 goes through the InferTensor constructor as raw bytes."),
        };

    /// <summary>Bytes per element; 0 for BYTES.</summary>
    public static int Size(string datatype) => datatype switch
    {
        "BOOL" or "UINT8" or "INT8" => 1,
        "UINT16" or "INT16" or "FP16" or "BF16" => 2,
        "UINT32" or "INT32" or "FP32" => 4,
        "UINT64" or "INT64" or "FP64" => 8,
        Bytes => 0,
        _ => throw new NotSupportedException($"Unknown datatype {datatype}."),
    };
}
