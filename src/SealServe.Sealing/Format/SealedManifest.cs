using System.Text;

namespace SealServe.Sealing.Format;

/// <summary>
/// The files of one sealed version, each with its seal id: written by <c>seal</c> into the version folder as
/// <see cref="FileName"/>, itself a sealed file (so it authenticates, is bound to its version and expires with
/// it). The server loads a sealed version only if its files are exactly these, each the very sealing named.
/// The plaintext is UTF-8 text, one file a line: <c>&lt;seal id&gt; &lt;relative path&gt;</c> after a first line
/// naming the format.
/// </summary>
internal sealed class SealedManifest
{
    /// <summary>The manifest's name inside a version folder; a file of this name marks a sealed version.</summary>
    public const string FileName = "sealserve.manifest";

    private const string FirstLine = "sealserve-manifest v1";
    private const int SealIdLength = SealedFormat.TagSize * 2;

    private SealedManifest(SortedDictionary<string, string> files) => Files = files;

    /// <summary>Seal id by relative path ('/' separators).</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public static SealedManifest Create(IEnumerable<(string RelativePath, string SealId)> files)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, sealId) in files)
        {
            if (path.Contains('\n', StringComparison.Ordinal) || path == FileName || !sorted.TryAdd(path, sealId))
            {
                throw new ArgumentException($"'{path}' cannot be listed in a manifest", nameof(files));
            }
        }

        return new SealedManifest(sorted);
    }

    public byte[] Encode()
    {
        var text = new StringBuilder(FirstLine).Append('\n');
        foreach (var (path, sealId) in Files)
        {
            text.Append(sealId).Append(' ').Append(path).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Parses an authenticated manifest; DATA_LOSS naming <paramref name="file"/> if it is not one (a sealer bug, never an attack: it authenticated).</summary>
    public static SealedManifest Parse(ReadOnlySpan<byte> plaintext, string file)
    {
        var lines = Encoding.UTF8.GetString(plaintext).Split('\n');
        if (lines[0] != FirstLine || lines[^1].Length != 0)
        {
            throw SealingErrors.MalformedManifest(file, "no manifest header line");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.AsSpan(1, lines.Length - 2))
        {
            if (line.Length <= SealIdLength + 1 || line[SealIdLength] != ' ' || !files.TryAdd(line[(SealIdLength + 1)..], line[..SealIdLength]))
            {
                throw SealingErrors.MalformedManifest(file, "a line is not '<seal id> <path>'");
            }
        }

        return new SealedManifest(files);
    }
}
