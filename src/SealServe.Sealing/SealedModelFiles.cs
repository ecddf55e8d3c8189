using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Format;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Legacy;

namespace SealServe.Sealing;

/// <summary>
/// The server's <see cref="IModelFiles"/> with sealing on: a sealed file is authenticated and decrypted into
/// memory (never to disk) after checking that it sits where it was sealed for and has not expired; a plain
/// file is read as it is, so plain and sealed versions can be mixed; with a legacy key, an unsealed
/// <c>saved_model.pb</c> is decrypted as the old fork's cryptpb.
/// </summary>
internal sealed class SealedModelFiles(
    KeyRing keys,
    SealingOptions options,
    ProcessHardening hardening,
    TimeProvider time,
    ILogger<SealedModelFiles> logger) : IModelFiles
{
    private const string LegacyFileName = "saved_model.pb";

    public ModelFileBuffer ReadAll(string versionDirectory, string relativePath)
    {
        var path = Path.Combine(versionDirectory, relativePath);

        // Unbuffered: chunks are read straight into the plaintext array, with no FileStream buffer copy.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return SealedFileHeader.Peek(stream) switch
        {
            SealedFileKind.Sealed => new ModelFileBuffer(Unseal(stream, path, SealedPath.For(versionDirectory, relativePath))),
            SealedFileKind.DamagedSeal => throw SealingErrors.DamagedMagic(path),
            _ when options.LegacyCryptpbKey is not null && relativePath == LegacyFileName => new ModelFileBuffer(DecryptLegacy(stream, path)),
            _ => new ModelFileBuffer(ReadPlain(stream, path)),
        };
    }

    private byte[] Unseal(Stream stream, string path, string expectedBinding)
    {
        hardening.EnsureApplied();
        using var reader = SealedFileReader.Open(stream, path, keys);
        var binding = reader.Header.Binding;
        if (!string.Equals(binding.BoundPath, expectedBinding, StringComparison.Ordinal))
        {
            throw SealingErrors.Moved(path, binding.BoundPath, expectedBinding);
        }

        if (binding.NotAfter is { } notAfter && time.GetUtcNow() > notAfter)
        {
            throw SealingErrors.Expired(path, notAfter);
        }

        var plaintext = reader.ReadAll();
        SealingLog.Unsealed(logger, path, plaintext.LongLength, reader.Header.Envelope.KeyId);
        return plaintext;
    }

    private byte[] DecryptLegacy(Stream stream, string path)
    {
        hardening.EnsureApplied();
        var plaintext = CryptpbReader.TryDecrypt(ReadPlain(stream, path), options.LegacyCryptpbKey, options.LegacyCryptpbIv)
            ?? throw SealingErrors.Legacy(path);
        SealingLog.LegacyDecrypted(logger, path);
        return plaintext;
    }

    private static byte[] ReadPlain(Stream stream, string path)
    {
        if (stream.Length > Array.MaxLength)
        {
            throw SealingErrors.TooLarge(path, stream.Length);
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
