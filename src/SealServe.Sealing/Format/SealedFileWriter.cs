using System.Buffers;
using System.Security.Cryptography;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Format;

/// <summary>Seals a stream chunk by chunk under a fresh data key: memory stays at one chunk, whatever the file size.</summary>
internal static class SealedFileWriter
{
    /// <summary>
    /// Writes the sealed form of the <paramref name="length"/> bytes of <paramref name="plaintext"/> to
    /// <paramref name="output"/>; <paramref name="progress"/> gets the plaintext bytes done after each chunk.
    /// Throws IOException when the source does not hold exactly <paramref name="length"/> bytes (it changed while read).
    /// Returns the file's seal id (<see cref="SealedFileReader.SealId"/>), which the version's manifest records.
    /// </summary>
    public static string Write(Stream plaintext, long length, Stream output, KeyEncryptionKey key, SealParameters parameters, Action<long>? progress = null)
    {
        var binding = new SealedFileBinding(parameters.ChunkSize, length, parameters.NotAfter, parameters.BoundPath);
        var bindingHash = binding.Hash();
        var dataKey = GC.AllocateArray<byte>(SealedFormat.DataKeySize, pinned: true);
        var buffer = ArrayPool<byte>.Shared.Rent(parameters.ChunkSize);
        try
        {
            RandomNumberGenerator.Fill(dataKey);
            var header = new SealedFileHeader(KeyEnvelope.Wrap(key, dataKey, bindingHash), binding);
            output.Write(header.Encode());
            using var cipher = new ChunkCipher(dataKey, bindingHash);
            Span<byte> tag = stackalloc byte[SealedFormat.TagSize];
            var done = 0L;
            string? sealId = null;
            for (var index = 0L; index < binding.ChunkCount; index++)
            {
                var last = index == binding.ChunkCount - 1;
                var chunk = buffer.AsSpan(0, last ? binding.LastChunkLength : binding.ChunkSize);
                if (plaintext.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) < chunk.Length)
                {
                    throw new IOException($"The source ended before its {length} bytes: it changed while being sealed.");
                }

                cipher.Seal(index, last, chunk, tag);
                sealId ??= Convert.ToHexStringLower(tag);
                output.Write(chunk);
                output.Write(tag);
                done += chunk.Length;
                progress?.Invoke(done);
            }

            if (plaintext.ReadByte() >= 0)
            {
                throw new IOException($"The source holds more than {length} bytes: it changed while being sealed.");
            }

            return sealId!;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
