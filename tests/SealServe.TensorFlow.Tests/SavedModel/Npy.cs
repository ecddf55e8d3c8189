using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>Reads the little-endian float32 <c>.npy</c> files of the corpus references (format version 1).</summary>
internal static partial class Npy
{
    public static (long[] Shape, float[] Values) ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header, StringComparison.Ordinal);
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))
            .ToArray();
        return (shape, MemoryMarshal.Cast<byte, float>(bytes.AsSpan(10 + headerLength)).ToArray());
    }

    [GeneratedRegex(@"'shape': \(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
