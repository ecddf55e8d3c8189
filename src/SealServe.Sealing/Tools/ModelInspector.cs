using SealServe.Core.Errors;
using SealServe.Sealing.Format;

namespace SealServe.Sealing.Tools;

/// <summary>
/// <c>sealserve inspect</c>: reads, without any key, what each file is (sealed or plain), and for a sealed
/// file its header: format version, key id, sizes, expiry, and whether it sits where it was sealed for.
/// </summary>
internal sealed class ModelInspector(TimeProvider time)
{
    /// <summary>Every file of <paramref name="path"/> (a base path, a version folder, any folder or one file), in order.</summary>
    public IReadOnlyList<FileInspection> Inspect(string path) => ModelTree.AnyFiles(path).Select(InspectFile).ToArray();

    private FileInspection InspectFile(ModelFile file)
    {
        using var stream = File.OpenRead(file.FullPath);
        var kind = SealedFileHeader.Peek(stream);
        if (kind != SealedFileKind.Sealed)
        {
            return new FileInspection(file, kind, stream.Length, null, kind == SealedFileKind.DamagedSeal ? "damaged sealed-file magic" : null);
        }

        try
        {
            var header = SealedFileHeader.Read(stream, file.FullPath);
            return new FileInspection(file, kind, stream.Length, header, ProblemOf(file, header, stream.Length));
        }
        catch (ServingException e)
        {
            return new FileInspection(file, kind, stream.Length, null, SealingErrors.ReasonOf(e, file.FullPath));
        }
    }

    /// <summary>Everything the server would refuse that can be seen without a key, or null.</summary>
    private string? ProblemOf(ModelFile file, SealedFileHeader header, long fileLength)
    {
        var binding = header.Binding;
        var difference = fileLength - header.SealedLength;
        var problems = new List<string>();
        if (binding.BoundPath != file.BoundPath)
        {
            problems.Add($"moved: sealed for '{binding.BoundPath}'");
        }

        if (binding.NotAfter is { } notAfter && time.GetUtcNow() > notAfter)
        {
            problems.Add("expired");
        }

        if (difference != 0)
        {
            problems.Add(difference < 0 ? $"truncated: {-difference} byte(s) missing" : $"{difference} byte(s) appended");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
