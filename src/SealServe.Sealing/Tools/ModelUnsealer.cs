using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tools;

/// <summary>
/// <c>sealserve unseal</c>, for debugging: writes the plaintext of a version folder or base path into
/// another folder (never in place). Every chunk is authenticated; plain files are copied as they are.
/// The binding and expiry are not enforced: this is the owner of the key looking at their own model.
/// </summary>
internal sealed class ModelUnsealer(KeyRing keys, IProgress<FileProgress>? progress = null)
{
    public IReadOnlyList<ModelFile> Unseal(string source, string destination)
    {
        ModelTree.CheckSeparate(source, destination);
        // The manifest describes the sealing; the plain copy is a plain version without one.
        var plan = ModelTree.ModelFiles(source).Where(f => !f.IsManifest).Select(file => (Source: file, Target: ModelTree.MapTo(file, source, destination))).ToArray();
        var existing = plan.FirstOrDefault(p => File.Exists(p.Target.FullPath));
        if (existing.Target is not null)
        {
            throw new ServingException(StatusCode.AlreadyExists, $"{existing.Target.FullPath}: already exists at the destination; nothing was changed");
        }

        foreach (var (from, to) in plan)
        {
            using var input = new FileStream(from.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            var kind = SealedFileHeader.Peek(input);
            AtomicFile.Write(to.FullPath, output => Copy(kind, input, from.FullPath, output, to.FullPath), overwrite: false);
        }

        return plan.Select(p => p.Target).ToArray();
    }

    private void Copy(SealedFileKind kind, Stream input, string file, Stream output, string target)
    {
        switch (kind)
        {
            case SealedFileKind.Sealed:
                using (var reader = SealedFileReader.Open(input, file, keys))
                {
                    var total = reader.Header.Binding.PlaintextLength;
                    progress?.Report(new FileProgress(target, 0, total));
                    reader.CopyTo(output, done => progress?.Report(new FileProgress(target, done, total)));
                }

                break;
            case SealedFileKind.DamagedSeal:
                throw SealingErrors.DamagedMagic(file);
            default:
                input.CopyTo(output);
                break;
        }
    }
}
