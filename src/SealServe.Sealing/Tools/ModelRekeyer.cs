using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tools;

/// <summary>
/// <c>sealserve rekey</c>: rewraps every sealed file's data key under a new key-encryption key, in place and
/// atomically per file. The chunks are copied byte for byte, not re-encrypted: retiring a key costs a copy,
/// not a re-seal. Files already under the new key and plain files are left alone.
/// </summary>
internal sealed class ModelRekeyer(KeyRing oldKeys, KeyEncryptionKey newKey)
{
    /// <summary>Rekeys <paramref name="source"/> (a base path or a version folder); returns the files rewritten.</summary>
    public IReadOnlyList<ModelFile> Rekey(string source)
    {
        var rewritten = new List<ModelFile>();
        foreach (var file in ModelTree.ModelFiles(source))
        {
            if (RekeyFile(file.FullPath))
            {
                rewritten.Add(file);
            }
        }

        return rewritten;
    }

    private bool RekeyFile(string path)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        switch (SealedFileHeader.Peek(input))
        {
            case SealedFileKind.Plain:
                return false;
            case SealedFileKind.DamagedSeal:
                throw SealingErrors.DamagedMagic(path);
        }

        var header = SealedFileHeader.Read(input, path);
        var keyId = header.Envelope.KeyId;
        if (keyId == newKey.Id)
        {
            return false;
        }

        var oldKey = oldKeys.Find(keyId) ?? throw SealingErrors.UnknownKey(path, keyId, oldKeys.Ids);
        var envelope = header.Envelope.Rewrap(oldKey, newKey, header.Binding.Hash()) ?? throw SealingErrors.HeaderAuthentication(path, keyId);
        var rekeyed = header with { Envelope = envelope };
        AtomicFile.Write(
            path,
            output =>
            {
                output.Write(rekeyed.Encode());
                input.CopyTo(output);
            },
            overwrite: true);
        return true;
    }
}
