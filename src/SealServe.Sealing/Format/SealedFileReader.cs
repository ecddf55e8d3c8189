using System.Buffers;
using System.Security.Cryptography;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Format;

/// <summary>
/// Opens a sealed file: reads its header, finds the key by id and unwraps the data key, which
/// authenticates the whole header. Then decrypts the chunks either into one exact-size array (the
/// serving path: no second copy) or into a stream (unseal), verifying every chunk on the way.
/// </summary>
internal sealed class SealedFileReader : IDisposable
{
    private readonly Stream input;
    private readonly string file;
    private readonly ChunkCipher cipher;
    private bool used;

    private SealedFileReader(Stream input, string file, SealedFileHeader header, ReadOnlySpan<byte> dataKey)
    {
        this.input = input;
        this.file = file;
        Header = header;
        cipher = new ChunkCipher(dataKey, header.Binding.Hash());
    }

    /// <summary>The authenticated header.</summary>
    public SealedFileHeader Header { get; }

    /// <summary>
    /// The file's seal id once its first chunk has authenticated: that chunk's tag, in lower-case hex. It is
    /// unique to one sealing (each file has its own random data key) and survives rekey (chunks are copied byte
    /// for byte), so a version's manifest can name exactly the files sealed with it.
    /// </summary>
    public string? SealId { get; private set; }

    /// <summary>Reads and authenticates the header at the stream's position; <paramref name="file"/> names the file in errors.</summary>
    public static SealedFileReader Open(Stream input, string file, KeyRing keys) => Open(input, file, keys, SealedFileHeader.Read(input, file));

    /// <summary>Authenticates <paramref name="header"/>, just read from <paramref name="input"/>, which stands at the first chunk.</summary>
    public static SealedFileReader Open(Stream input, string file, KeyRing keys, SealedFileHeader header)
    {
        var keyId = header.Envelope.KeyId;
        var key = keys.Find(keyId) ?? throw (keys.IsEmpty ? SealingErrors.NoKeys(file, keyId) : SealingErrors.UnknownKey(file, keyId, keys.Ids));
        var dataKey = GC.AllocateArray<byte>(SealedFormat.DataKeySize, pinned: true);
        try
        {
            return header.Envelope.TryUnwrap(key, header.Binding.Hash(), dataKey)
                ? new SealedFileReader(input, file, header, dataKey)
                : throw SealingErrors.HeaderAuthentication(file, keyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Decrypts the whole file into one array of exactly the plaintext length: each chunk is read into its
    /// place and decrypted there. On any failure the array is cleared before the error is thrown.
    /// </summary>
    public byte[] ReadAll()
    {
        var binding = Header.Binding;
        if (binding.PlaintextLength > Array.MaxLength)
        {
            throw SealingErrors.TooLarge(file, binding.PlaintextLength);
        }

        CheckLength();
        var plaintext = new byte[binding.PlaintextLength];
        try
        {
            var offset = 0;
            foreach (var (index, length, last) in Chunks())
            {
                OpenChunk(index, last, plaintext.AsSpan(offset, length));
                offset += length;
            }

            CheckEnd();
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>
    /// Decrypts chunk by chunk into <paramref name="output"/>, one chunk of memory at a time. A failure can
    /// come after earlier chunks were written: callers write to a temporary file and keep it only on success.
    /// </summary>
    public void CopyTo(Stream output, Action<long>? progress = null)
    {
        CheckLength();
        var buffer = ArrayPool<byte>.Shared.Rent(Header.Binding.ChunkSize);
        try
        {
            var done = 0L;
            foreach (var (index, length, last) in Chunks())
            {
                var chunk = buffer.AsSpan(0, length);
                OpenChunk(index, last, chunk);
                output.Write(chunk);
                done += length;
                progress?.Invoke(done);
            }

            CheckEnd();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    public void Dispose() => cipher.Dispose();

    private IEnumerable<(long Index, int Length, bool Last)> Chunks()
    {
        if (used)
        {
            throw new InvalidOperationException("A sealed file is read once.");
        }

        used = true;
        var binding = Header.Binding;
        for (var index = 0L; index < binding.ChunkCount; index++)
        {
            var last = index == binding.ChunkCount - 1;
            yield return (index, last ? binding.LastChunkLength : binding.ChunkSize, last);
        }
    }

    private void OpenChunk(long index, bool last, Span<byte> data)
    {
        Span<byte> tag = stackalloc byte[SealedFormat.TagSize];
        var read = input.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        read += read == data.Length ? input.ReadAtLeast(tag, tag.Length, throwOnEndOfStream: false) : 0;
        if (read < data.Length + tag.Length)
        {
            throw SealingErrors.Truncated(file, RemainingAfter(index) + data.Length + tag.Length - read);
        }

        if (!cipher.TryOpen(index, last, data, tag))
        {
            throw SealingErrors.ChunkAuthentication(file, index, Header.Binding.ChunkCount);
        }

        if (index == 0)
        {
            SealId = Convert.ToHexStringLower(tag);
        }
    }

    /// <summary>Sealed bytes that follow chunk <paramref name="index"/>.</summary>
    private long RemainingAfter(long index)
    {
        var binding = Header.Binding;
        var chunksAfter = binding.ChunkCount - index - 1;
        return chunksAfter == 0 ? 0 : ((chunksAfter - 1) * ((long)binding.ChunkSize + SealedFormat.TagSize)) + binding.LastChunkLength + SealedFormat.TagSize;
    }

    /// <summary>On a file, a wrong size is known before decrypting anything: report it as truncation or appending.</summary>
    private void CheckLength()
    {
        if (!input.CanSeek)
        {
            return;
        }

        var difference = (input.Length - input.Position) - (Header.SealedLength - Header.EncodedSize);
        if (difference < 0)
        {
            throw SealingErrors.Truncated(file, (long)Int128.Min(-difference, long.MaxValue));
        }

        if (difference > 0)
        {
            throw SealingErrors.Appended(file, (long)difference);
        }
    }

    /// <summary>The last chunk is flagged, but bytes after it must still be refused: the file is exactly what was sealed.</summary>
    private void CheckEnd()
    {
        if (input.ReadByte() >= 0)
        {
            var extra = 1L;
            var sink = new byte[64 * 1024];
            int read;
            while ((read = input.Read(sink)) > 0)
            {
                extra += read;
            }

            throw SealingErrors.Appended(file, extra);
        }
    }
}
