using System.Buffers.Binary;
using Google.Protobuf;
using SealServe.Core.Hashing;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;
using Tensorflow;

namespace SealServe.Fuzz.Targets;

/// <summary>
/// The variables bundle: <c>variables.index</c> (a LevelDB table of BundleEntryProto) and one data shard, then every
/// variable read. The input is a 2-byte little-endian index length, the index, and the shard.
/// </summary>
internal sealed class VariablesBundleTarget : IFuzzTarget
{
    private const string ShardPath = "variables/variables.data-00000-of-00001";

    public string Name => "variables-bundle";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var indexLength = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(input), input.Length - 2);
        var files = new MemoryFiles(new Dictionary<string, byte[]>
        {
            [VariablesBundleReader.IndexPath] = input.Slice(2, indexLength).ToArray(),
            [ShardPath] = input[(2 + indexLength)..].ToArray(),
        });
        using var reader = VariablesBundleReader.Open(files);
        foreach (var key in reader!.Keys.ToArray())
        {
            reader.Read(key).Dispose();
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var data = new byte[] { 0, 0, 0x80, 0x3f, 1, 2, 3, 4 };
        var header = new BundleHeaderProto { NumShards = 1, Endianness = BundleHeaderProto.Types.Endianness.Little };
        var w = new BundleEntryProto { Dtype = DataType.DtFloat, Shape = new TensorShapeProto(), Offset = 0, Size = 4, Crc32C = Crc32C.ComputeMasked(data.AsSpan(0, 4)) };
        var v = new BundleEntryProto { Dtype = DataType.DtUint8, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = 4 } } }, Offset = 4, Size = 4, Crc32C = Crc32C.ComputeMasked(data.AsSpan(4)) };
        foreach (var snappy in new[] { false, true })
        {
            var index = LevelDbTableBuilder.Build([(string.Empty, header.ToByteArray()), ("v", v.ToByteArray()), ("w", w.ToByteArray())], snappy);
            var input = new byte[2 + index.Length + data.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(input, (ushort)index.Length);
            index.CopyTo(input, 2);
            data.CopyTo(input, 2 + index.Length);
            yield return (snappy ? "two-variables-snappy" : "two-variables", input);
        }
    }
}
