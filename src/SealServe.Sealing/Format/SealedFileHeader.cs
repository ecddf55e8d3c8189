using System.Buffers.Binary;

namespace SealServe.Sealing.Format;

/// <summary>
/// Everything before a sealed file's first chunk: the prefix (magic, format version, header length), the
/// key envelope and the binding (docs/sealed-format.md). Reading it needs no key: <c>inspect</c> shows it.
/// </summary>
internal sealed record SealedFileHeader(KeyEnvelope Envelope, SealedFileBinding Binding)
{
    public ushort FormatVersion => SealedFormat.Version1;

    /// <summary>Bytes from the start of the file to the first chunk.</summary>
    public int EncodedSize => SealedFormat.PrefixSize + Envelope.EncodedSize + Binding.EncodedSize;

    /// <summary>
    /// The exact size of the whole sealed file: header, data, and one tag per chunk. Wider than a long: a damaged or
    /// hostile header may declare a plaintext length near 2^63, and the sum must not wrap.
    /// </summary>
    public Int128 SealedLength => EncodedSize + (Int128)Binding.PlaintextLength + ((Int128)Binding.ChunkCount * SealedFormat.TagSize);

    public byte[] Encode()
    {
        var bytes = new byte[EncodedSize];
        SealedFormat.Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), SealedFormat.Version1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(10), (uint)(EncodedSize - SealedFormat.PrefixSize));
        Envelope.Encode(bytes.AsSpan(SealedFormat.PrefixSize));
        Binding.Encode(bytes.AsSpan(SealedFormat.PrefixSize + Envelope.EncodedSize));
        return bytes;
    }

    /// <summary>
    /// Reads the header at the stream's position and leaves the stream at the first chunk. Throws a
    /// ServingException naming <paramref name="file"/> when the bytes are not a header this build reads.
    /// Nothing here is authenticated yet: that takes the key (<see cref="SealedFileReader"/>).
    /// </summary>
    public static SealedFileHeader Read(Stream input, string file)
    {
        Span<byte> prefix = stackalloc byte[SealedFormat.PrefixSize];
        var read = input.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        switch (SealedFormat.Classify(prefix[..read]))
        {
            case SealedFileKind.Plain:
                throw SealingErrors.NotSealed(file);
            case SealedFileKind.DamagedSeal:
                throw SealingErrors.DamagedMagic(file);
        }

        if (read < prefix.Length)
        {
            throw SealingErrors.Truncated(file, prefix.Length - read);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        if (version != SealedFormat.Version1)
        {
            throw SealingErrors.UnsupportedVersion(file, version);
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[10..]);
        if (length > SealedFormat.MaxHeaderSize)
        {
            throw SealingErrors.Malformed(file, $"header length {length} out of range");
        }

        var body = new byte[length];
        var got = input.ReadAtLeast(body, body.Length, throwOnEndOfStream: false);
        if (got < body.Length)
        {
            throw SealingErrors.Truncated(file, body.Length - got);
        }

        return Decode(body, file);
    }

    private static SealedFileHeader Decode(ReadOnlySpan<byte> body, string file)
    {
        var envelope = KeyEnvelope.TryDecode(body, out var envelopeSize, out var problem)
            ?? throw SealingErrors.Malformed(file, problem!);
        var binding = SealedFileBinding.TryDecode(body[envelopeSize..], out var bindingSize, out problem)
            ?? throw SealingErrors.Malformed(file, problem!);
        var extra = body.Length - envelopeSize - bindingSize;
        return extra == 0
            ? new SealedFileHeader(envelope, binding)
            : throw SealingErrors.Malformed(file, $"{extra} unexpected header byte(s)");
    }

    /// <summary>What the stream holds, judged from its first bytes; the stream is left where it was.</summary>
    public static SealedFileKind Peek(Stream input)
    {
        Span<byte> start = stackalloc byte[SealedFormat.Magic.Length];
        var position = input.Position;
        var read = input.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        input.Position = position;
        return SealedFormat.Classify(start[..read]);
    }
}
