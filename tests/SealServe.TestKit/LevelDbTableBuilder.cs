using System.Buffers.Binary;
using SealServe.Core.Hashing;

namespace SealServe.TestKit;

/// <summary>Writes a minimal LevelDB table (one data block, one index block, no restarts beyond the first) for reader tests and fuzz seeds.</summary>
public static class LevelDbTableBuilder
{
    private const int FooterSize = 48;
    private const ulong Magic = 0xdb4775248b80fb57;

    public static byte[] Build(IEnumerable<(string Key, byte[] Value)> entries, bool snappy)
    {
        using var file = new MemoryStream();
        var data = WriteBlock(file, Block(entries.Select(e => (System.Text.Encoding.UTF8.GetBytes(e.Key), e.Value))), snappy);
        var index = WriteBlock(file, Block([("\xff"u8.ToArray(), Handle(data))]), snappy: false);
        var footer = new byte[FooterSize];
        var handles = Handle((0, 0)).Concat(Handle(index)).ToArray();
        handles.CopyTo(footer, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(40), Magic);
        file.Write(footer);
        return file.ToArray();
    }

    /// <summary>Entries without key sharing (shared = 0), then one restart point at 0.</summary>
    private static byte[] Block(IEnumerable<(byte[] Key, byte[] Value)> entries)
    {
        var block = new List<byte>();
        foreach (var (key, value) in entries)
        {
            block.AddRange(Varint(0));
            block.AddRange(Varint((ulong)key.Length));
            block.AddRange(Varint((ulong)value.Length));
            block.AddRange(key);
            block.AddRange(value);
        }

        block.AddRange(new byte[4]);
        block.AddRange(BitConverter.GetBytes(1u));
        return [.. block];
    }

    private static (long Offset, long Size) WriteBlock(Stream file, byte[] contents, bool snappy)
    {
        var stored = snappy ? Snappier.Snappy.CompressToArray(contents) : contents;
        var offset = file.Position;
        file.Write(stored);
        var typed = stored.Append(snappy ? (byte)1 : (byte)0).ToArray();
        file.WriteByte(typed[^1]);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.ComputeMasked(typed));
        file.Write(crc);
        return (offset, stored.Length);
    }

    private static byte[] Handle((long Offset, long Size) handle) => [.. Varint((ulong)handle.Offset), .. Varint((ulong)handle.Size)];

    private static IEnumerable<byte> Varint(ulong value)
    {
        while (value >= 0x80)
        {
            yield return (byte)(value | 0x80);
            value >>= 7;
        }

        yield return (byte)value;
    }
}
