using System.Runtime.InteropServices;
using Onnx;

namespace SealServe.TestKit;

/// <summary>One tensor of an ONNX <c>test_data_set_N</c> folder: its name, shape and values.</summary>
/// <param name="Name">The graph input or output name stored in the file.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Floats">Values of a float tensor (else null).</param>
/// <param name="Longs">Values of an int64 tensor (else null).</param>
public sealed record OnnxReference(string Name, long[] Shape, float[]? Floats, long[]? Longs)
{
    /// <summary>Reads an ONNX TensorProto file (raw_data or typed fields).</summary>
    public static OnnxReference Read(string path)
    {
        var proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var shape = proto.Dims.ToArray();
        var raw = proto.RawData.Span;
        return (TensorProto.Types.DataType)proto.DataType switch
        {
            TensorProto.Types.DataType.Float => new(proto.Name, shape, raw.IsEmpty ? proto.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(raw).ToArray(), null),
            TensorProto.Types.DataType.Int64 => new(proto.Name, shape, null, raw.IsEmpty ? proto.Int64Data.ToArray() : MemoryMarshal.Cast<byte, long>(raw).ToArray()),
            var other => throw new NotSupportedException($"{path}: reference tensors of type {other} are not handled by the tests."),
        };
    }

    /// <summary>Every <c>test_data_set_*</c> folder of a corpus ONNX model, with its inputs and outputs in file order.</summary>
    public static IEnumerable<(string Folder, OnnxReference[] Inputs, OnnxReference[] Outputs)> DataSets(string modelFolder)
    {
        foreach (var folder in Directory.EnumerateDirectories(modelFolder, "test_data_set_*").Order(StringComparer.Ordinal))
        {
            yield return (
                folder,
                Directory.EnumerateFiles(folder, "input_*.pb").Order(StringComparer.Ordinal).Select(Read).ToArray(),
                Directory.EnumerateFiles(folder, "output_*.pb").Order(StringComparer.Ordinal).Select(Read).ToArray());
        }
    }
}
