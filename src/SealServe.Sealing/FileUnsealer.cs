using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Format;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>
/// Authenticates one sealed file of a version folder: its key, the path it was sealed for, its expiry and, once
/// read, that it is the very sealing its version's manifest names. Plaintext goes into memory only. Every use of a
/// key, successful or not, is one audit line: key id, file, result.
/// </summary>
internal sealed class FileUnsealer(KeyRing keys, ProcessHardening hardening, TimeProvider time, ILogger logger, ILogger audit, SealingMetrics? metrics = null)
{
    /// <summary>Decrypts the file into one exact-size array; <paramref name="sealId"/>, when given, must be the file's.</summary>
    public byte[] ReadAll(IStoredVersion version, string relativePath, string? sealId) =>
        Read(version, relativePath, sealId, reader => reader.ReadAll());

    /// <summary>Authenticates every chunk of the file, keeping no plaintext (a chunk at a time, cleared).</summary>
    public void Authenticate(IStoredVersion version, string relativePath, string sealId) =>
        Read(version, relativePath, sealId, reader =>
        {
            reader.CopyTo(Stream.Null);
            return Array.Empty<byte>();
        });

    private byte[] Read(IStoredVersion version, string relativePath, string? sealId, Func<SealedFileReader, byte[]> read)
    {
        try
        {
            var plaintext = ReadChecked(version, relativePath, sealId, read);
            metrics?.RecordOpen("sealed", StatusCode.Ok);
            return plaintext;
        }
        catch (ServingException e)
        {
            metrics?.RecordOpen("sealed", e.Code);
            throw;
        }
    }

    private byte[] ReadChecked(IStoredVersion version, string relativePath, string? sealId, Func<SealedFileReader, byte[]> read)
    {
        var path = Path.Combine(version.Location, relativePath);

        // Chunks are read from the stream straight into the plaintext array: from a file or an object store's response alike.
        using var stream = version.OpenRead(relativePath);
        switch (stream.CanSeek ? SealedFileHeader.Peek(stream) : SealedFileKind.Sealed)
        {
            // (A stream that cannot seek is checked by the header read: a plain file is refused there, by name.)
            case SealedFileKind.Plain:
                throw SealingErrors.NotAsSealed(version.Location, [SealingErrors.PlainInSealedVersion(path)]);
            case SealedFileKind.DamagedSeal:
                throw SealingErrors.DamagedMagic(path);
        }

        hardening.EnsureApplied();
        var header = SealedFileHeader.Read(stream, path);
        try
        {
            var plaintext = Unseal(stream, path, header, SealedPath.For(version.Location, relativePath), sealId, read);
            SealingAudit.KeyUsed(audit, header.Envelope.KeyId, path, "ok");
            return plaintext;
        }
        catch (ServingException e)
        {
            SealingAudit.KeyUsed(audit, header.Envelope.KeyId, path, SealingErrors.ReasonOf(e, path));
            throw;
        }
    }

    private byte[] Unseal(Stream stream, string path, SealedFileHeader header, string expectedBinding, string? sealId, Func<SealedFileReader, byte[]> read)
    {
        using var reader = SealedFileReader.Open(stream, path, keys, header);
        var binding = reader.Header.Binding;
        if (!string.Equals(binding.BoundPath, expectedBinding, StringComparison.Ordinal))
        {
            throw SealingErrors.Moved(path, binding.BoundPath, expectedBinding);
        }

        if (binding.NotAfter is { } notAfter && time.GetUtcNow() > notAfter)
        {
            throw SealingErrors.Expired(path, notAfter);
        }

        var plaintext = read(reader);
        if (sealId is not null && reader.SealId != sealId)
        {
            Array.Clear(plaintext);
            throw SealingErrors.NotThisSealing(path);
        }

        SealingLog.Unsealed(logger, path, binding.PlaintextLength, reader.Header.Envelope.KeyId);
        return plaintext;
    }
}
