using System.Buffers.Binary;
using SealServe.Core.Errors;
using SealServe.Core.Hashing;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Reads every key/value of a LevelDB-format table (TensorFlow's <c>variables.index</c>): the footer names the
/// index block, whose entries name the data blocks; each block ends with restart points and a trailer holding
/// its compression type (0 none, 1 Snappy) and masked CRC32C, which is verified.
/// </summary>
internal static class LevelDbTable
{
    /// <summary>LevelDB's table magic number, the last 8 bytes of the file.</summary>
    public const ulong Magic = 0xdb4775248b80fb57;

    /// <summary>Two block handles (up to 2 × 2 varint64) padded to 40 bytes, then the magic.</summary>
    public const int FooterSize = 48;

    private const int TrailerSize = 5;

    /// <summary>All entries in file order (keys ascending). Throws DATA_LOSS naming <paramref name="file"/> when the table is damaged.</summary>
    public static List<KeyValuePair<string, byte[]>> ReadAll(ReadOnlySpan<byte> table, string file) => ReadAll(table, file, out _);

    /// <inheritdoc cref="ReadAll(ReadOnlySpan{byte}, string)"/>
    /// <param name="compressedBlocks">How many blocks were Snappy-compressed.</param>
    public static List<KeyValuePair<string, byte[]>> ReadAll(ReadOnlySpan<byte> table, string file, out int compressedBlocks)
    {
        compressedBlocks = 0;
        if (table.Length < FooterSize || BinaryPrimitives.ReadUInt64LittleEndian(table[^8..]) != Magic)
        {
            throw Corrupt(file, table.Length < FooterSize ? $"only {table.Length} bytes, shorter than a table footer" : "no table magic at its end (truncated or not a checkpoint index)");
        }

        var footer = table[^FooterSize..];
        var position = 0;
        _ = ReadHandle(footer, ref position, file); // metaindex: TensorFlow writes none worth reading
        var indexHandle = ReadHandle(footer, ref position, file);

        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (var (_, handleBytes) in ReadBlock(table, indexHandle, file, ref compressedBlocks))
        {
            var at = 0;
            var dataHandle = ReadHandle(handleBytes, ref at, file);
            foreach (var (key, value) in ReadBlock(table, dataHandle, file, ref compressedBlocks))
            {
                entries.Add(new(System.Text.Encoding.UTF8.GetString(key), value));
            }
        }

        return entries;
    }

    private static List<(byte[] Key, byte[] Value)> ReadBlock(ReadOnlySpan<byte> table, (long Offset, long Size) handle, string file, ref int compressedBlocks)
    {
        // Compared without adding offset and size, which a damaged handle can make wrap (fuzz/regressions/variables-bundle).
        if (handle.Offset < 0 || handle.Size < 0 || handle.Offset > table.Length || handle.Size > table.Length - FooterSize - TrailerSize - handle.Offset)
        {
            throw Corrupt(file, $"block at offset {handle.Offset} of size {handle.Size} lies outside the file (truncated?)");
        }

        var stored = table.Slice((int)handle.Offset, (int)handle.Size);
        var type = table[(int)(handle.Offset + handle.Size)];
        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(table[(int)(handle.Offset + handle.Size + 1)..]);
        var actualCrc = Crc32C.ComputeMasked(table.Slice((int)handle.Offset, (int)handle.Size + 1));
        if (actualCrc != expectedCrc)
        {
            throw Corrupt(file, $"checksum mismatch in the block at offset {handle.Offset} (stored 0x{expectedCrc:x8}, computed 0x{actualCrc:x8})");
        }

        compressedBlocks += type == 1 ? 1 : 0;
        var contents = type switch
        {
            0 => stored.ToArray(),
            1 => Decompress(stored, handle.Offset, file),
            _ => throw Corrupt(file, $"unknown block compression type {type} at offset {handle.Offset}"),
        };
        return ParseEntries(contents, handle.Offset, file);
    }

    private static byte[] Decompress(ReadOnlySpan<byte> stored, long offset, string file)
    {
        try
        {
            return Snappier.Snappy.DecompressToArray(stored);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(file, $"corrupted Snappy-compressed block at offset {offset}: {e.Message}");
        }
    }

    private static List<(byte[] Key, byte[] Value)> ParseEntries(byte[] block, long offset, string file)
    {
        if (block.Length < 4)
        {
            throw Corrupt(file, $"block at offset {offset} is too short");
        }

        var restarts = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(block.Length - 4));
        var end = block.Length - 4 - ((long)restarts * 4);
        if (end < 0)
        {
            throw Corrupt(file, $"block at offset {offset} claims {restarts} restart points");
        }

        var entries = new List<(byte[], byte[])>();
        var previous = Array.Empty<byte>();
        var position = 0;
        while (position < end)
        {
            // Keys are prefix-compressed: each shares its first `shared` bytes with the previous key.
            var shared = (int)ReadVarint(block, ref position, offset, file);
            var unshared = (int)ReadVarint(block, ref position, offset, file);
            var valueLength = (int)ReadVarint(block, ref position, offset, file);
            if (shared > previous.Length || (long)position + unshared + valueLength > end)
            {
                throw Corrupt(file, $"bad entry in the block at offset {offset}");
            }

            var key = new byte[shared + unshared];
            previous.AsSpan(0, shared).CopyTo(key);
            block.AsSpan(position, unshared).CopyTo(key.AsSpan(shared));
            position += unshared;
            entries.Add((key, block.AsSpan(position, valueLength).ToArray()));
            position += valueLength;
            previous = key;
        }

        return entries;
    }

    private static (long Offset, long Size) ReadHandle(ReadOnlySpan<byte> bytes, ref int position, string file) =>
        ((long)ReadVarint(bytes, ref position, 0, file), (long)ReadVarint(bytes, ref position, 0, file));

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position, long blockOffset, string file)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                break;
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupt(file, $"bad varint in the block at offset {blockOffset}");
    }

    private static ServingException Corrupt(string file, string reason) => new(StatusCode.DataLoss, $"{file} is corrupt: {reason}.");
}
