using System.Buffers.Binary;
using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using static SealServe.Sealing.Tests.TestSealing;

namespace SealServe.Sealing.Tests.Format;

public sealed class SealedFileReaderTests : IDisposable
{
    private const int Size = (4 * ChunkSize) + 7; // five chunks, the last one short
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkSize - 1)]
    [InlineData(ChunkSize)]
    [InlineData(ChunkSize + 1)]
    [InlineData(3 * ChunkSize)]
    [InlineData(Size)]
    public void ReadAll_AnySize_ReturnsTheOriginal(int length)
    {
        var plaintext = Bytes(length);

        var result = Unseal(Seal(plaintext, key), key);

        Assert.Equal(plaintext, result);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ChunkSize)]
    [InlineData(Size)]
    public void CopyTo_AnySize_StreamsTheOriginal(int length)
    {
        var plaintext = Bytes(length);
        var progress = new List<long>();
        using var reader = SealedFileReader.Open(new MemoryStream(Seal(plaintext, key)), "f", new KeyRing([key]));
        using var output = new MemoryStream();

        reader.CopyTo(output, progress.Add);

        Assert.Equal(plaintext, output.ToArray());
        Assert.Equal(length, progress[^1]);
    }

    [Fact]
    public void ReadAll_DefaultChunkSize_SealedSizeIsHeaderDataAndOneTagPerChunk()
    {
        var plaintext = Bytes((2 * SealedFormat.DefaultChunkSize) + 5);

        var sealedBytes = Seal(plaintext, key, chunkSize: SealedFormat.DefaultChunkSize);

        Assert.Equal(HeaderSize(sealedBytes) + plaintext.Length + (3 * SealedFormat.TagSize), sealedBytes.Length);
        Assert.Equal(plaintext, Unseal(sealedBytes, key));
    }

    [Fact]
    public void ReadAll_SamePlaintextSealedTwice_CiphertextsDiffer()
    {
        var plaintext = Bytes(Size);

        var first = Seal(plaintext, key);
        var second = Seal(plaintext, key);

        Assert.NotEqual(first[HeaderSize(first)..], second[HeaderSize(second)..]);
    }

    [Fact]
    public void ReadAll_NoPlaintextInTheSealedFile()
    {
        var plaintext = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("secret weights ", 40)));

        var sealedBytes = Seal(plaintext, key);

        Assert.Equal(-1, sealedBytes.AsSpan().IndexOf("secret"u8));
    }

    [Theory]
    [InlineData(1, "chunk 1 of 5 failed authentication")]
    [InlineData(2, "chunk 2 of 5 failed authentication")]
    [InlineData(4, "chunk 4 of 5 failed authentication")]
    public void ReadAll_BitFlippedInAChunk_FailsNamingTheChunk(int chunk, string reason)
    {
        var sealedBytes = Seal(Bytes(Size), key);
        sealedBytes[ChunkStart(sealedBytes, chunk) + 3] ^= 0x10;

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, key));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Equal($"sealed.bin: {reason}: tampered, reordered or corrupted", error.Message);
    }

    [Fact]
    public void ReadAll_BitFlippedInATag_Fails()
    {
        var sealedBytes = Seal(Bytes(Size), key);
        sealedBytes[ChunkStart(sealedBytes, 3) - 1] ^= 0x01;

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, key));

        Assert.Contains("chunk 2 of 5 failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_TwoChunksSwapped_Fails()
    {
        var sealedBytes = Seal(Bytes(Size), key);
        var one = ChunkStart(sealedBytes, 1);
        var two = ChunkStart(sealedBytes, 2);
        var stride = ChunkSize + SealedFormat.TagSize;
        var swapped = sealedBytes.ToArray();
        sealedBytes.AsSpan(two, stride).CopyTo(swapped.AsSpan(one));
        sealedBytes.AsSpan(one, stride).CopyTo(swapped.AsSpan(two));

        var error = Assert.Throws<ServingException>(() => Unseal(swapped, key));

        Assert.Contains("chunk 1 of 5 failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7 + SealedFormat.TagSize)] // exactly the last chunk: the rest ends on a chunk boundary
    [InlineData(100)]
    public void ReadAll_Truncated_FailsSayingHowMuchIsMissing(int cut)
    {
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes[..^cut], key));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Equal($"sealed.bin: truncated: {cut} byte(s) of sealed data are missing", error.Message);
    }

    [Fact]
    public void ReadAll_TruncatedToTheHeader_Fails()
    {
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes[..HeaderSize(sealedBytes)], key));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ChunkSize + SealedFormat.TagSize)] // a whole extra "chunk"
    public void ReadAll_DataAppended_Fails(int extra)
    {
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal([.. sealedBytes, .. Bytes(extra, seed: 2)], key));

        Assert.Equal($"sealed.bin: {extra} unexpected byte(s) after the last sealed chunk: data was appended", error.Message);
    }

    [Theory]
    [InlineData(1, "truncated: 1 byte(s)")]
    [InlineData(-1, "1 unexpected byte(s)")]
    [InlineData(-(ChunkSize + SealedFormat.TagSize), "80 unexpected byte(s)")]
    public void ReadAll_NotSeekableStream_StillDetectsTruncationAndAppending(int cut, string reason)
    {
        var sealedBytes = Seal(Bytes(Size), key);
        var changed = cut > 0 ? sealedBytes[..^cut] : [.. sealedBytes, .. new byte[-cut]];

        var error = Assert.Throws<ServingException>(() => Unseal(new ForwardOnlyStream(changed), key));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_NotSeekableStream_LastChunkDropped_FailsAsTruncated()
    {
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal(new ForwardOnlyStream(sealedBytes[..^(7 + SealedFormat.TagSize)]), key));

        Assert.Contains("truncated: 23 byte(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_WrongKey_FailsNamingBothKeyIds()
    {
        using var other = KeyEncryptionKey.Generate();
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, other));

        Assert.Equal(StatusCode.PermissionDenied, error.Code);
        Assert.Equal($"sealed.bin: sealed with key {key.Id}, which is not among the configured keys ({other.Id}): wrong key", error.Message);
    }

    [Fact]
    public void ReadAll_NoKeyConfigured_FailsSayingSo()
    {
        var sealedBytes = Seal(Bytes(Size), key);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Contains($"sealed with key {key.Id}, but no key is configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_SeveralKeysConfigured_PicksTheOneNamedByTheFile()
    {
        using var other = KeyEncryptionKey.Generate();
        var plaintext = Bytes(Size);

        var result = Unseal(Seal(plaintext, key), other, key);

        Assert.Equal(plaintext, result);
    }

    [Fact]
    public void ReadAll_HeaderOfAnotherFileWithTheSameKey_Fails()
    {
        var first = Seal(Bytes(Size, seed: 1), key);
        var second = Seal(Bytes(Size, seed: 2), key);
        var header = HeaderSize(first);

        var error = Assert.Throws<ServingException>(() => Unseal([.. first[..header], .. second[header..]], key));

        Assert.Contains("chunk 0 of 5 failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_KeyIdEditedToAnotherConfiguredKey_FailsHeaderAuthentication()
    {
        var sealedBytes = Seal(Bytes(Size), key);
        using var other = KeyEncryptionKey.Generate();
        System.Text.Encoding.ASCII.GetBytes(other.Id).CopyTo(sealedBytes, SealedFormat.PrefixSize + 1);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, key, other));

        Assert.Equal($"sealed.bin: sealed-file header failed authentication with key {other.Id}: the header was tampered with", error.Message);
    }

    [Theory]
    [InlineData("version", "format version 3 is not supported")]
    [InlineData("header length", "malformed sealed-file header")]
    [InlineData("key id", "which is not among the configured keys")]
    [InlineData("wrap nonce", "header failed authentication")]
    [InlineData("wrapped key", "header failed authentication")]
    [InlineData("wrap tag", "header failed authentication")]
    [InlineData("chunk size", "header failed authentication")]
    [InlineData("plaintext length", "header failed authentication")]
    [InlineData("not after", "header failed authentication")]
    [InlineData("path", "header failed authentication")]
    [InlineData("magic", "damaged sealed-file header")]
    public void ReadAll_BitFlippedInAHeaderField_FailsWithItsReason(string field, string reason)
    {
        var sealedBytes = Seal(Bytes(Size), key);
        var idEnd = SealedFormat.PrefixSize + 1 + 16;
        var bindingStart = idEnd + SealedFormat.NonceSize + SealedFormat.DataKeySize + SealedFormat.TagSize;
        var offset = field switch
        {
            "magic" => 2,
            "version" => 8,
            "header length" => 10,
            "key id" => SealedFormat.PrefixSize + 3,
            "wrap nonce" => idEnd + 1,
            "wrapped key" => idEnd + SealedFormat.NonceSize + 5,
            "wrap tag" => bindingStart - 1,
            "chunk size" => bindingStart + 1,
            "plaintext length" => bindingStart + 5,
            "not after" => bindingStart + 13,
            _ => bindingStart + 23,
        };
        sealedBytes[offset] ^= field == "version" ? (byte)0x02 : (byte)0x01;

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, key));

        Assert.StartsWith("sealed.bin: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_AnySingleHeaderBitFlipped_FailsClosed()
    {
        var sealedBytes = Seal(Bytes(Size), key);
        var headerBits = HeaderSize(sealedBytes) * 8;

        for (var bit = 0; bit < headerBits; bit++)
        {
            var changed = sealedBytes.ToArray();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));

            var error = Record.Exception(() => Unseal(changed, key));

            Assert.True(error is ServingException, $"bit {bit}: {error?.GetType().Name ?? "no error"}");
        }
    }

    [Fact]
    public void ReadAll_HugeLengthInAnEditedHeader_FailsBeforeAllocating()
    {
        var sealedBytes = Seal(Bytes(Size), key);
        var lengthOffset = HeaderSize(sealedBytes) - BoundPath.Length - 2 - 8 - 8;
        BinaryPrimitives.WriteInt64LittleEndian(sealedBytes.AsSpan(lengthOffset), long.MaxValue / 2);

        var error = Assert.Throws<ServingException>(() => Unseal(sealedBytes, key));

        Assert.Contains("header failed authentication", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => key.Dispose();

    private static int ChunkStart(byte[] sealedBytes, int chunk) => HeaderSize(sealedBytes) + (chunk * (ChunkSize + SealedFormat.TagSize));

    /// <summary>A pipe-like stream: no length, no seeking, so the reader must find truncation and extension while reading.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
