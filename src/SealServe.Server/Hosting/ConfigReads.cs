using System.Security.Cryptography;
using System.Text;
using SealServe.Models.Config;

namespace SealServe.Server.Hosting;

/// <summary>The configuration files one snapshot was built from, with a hash of what was read, to tell when they change.</summary>
internal sealed class ConfigReads
{
    private readonly List<(string Path, byte[]? Hash)> files = [];

    /// <summary>Reads a file as <see cref="ConfigFile.ReadText"/> does, and remembers it (a missing file too: its appearance is a change).</summary>
    public string ReadText(string path)
    {
        try
        {
            var text = ConfigFile.ReadText(path);
            files.Add((path, Hash(text)));
            return text;
        }
        catch
        {
            files.Add((path, null));
            throw;
        }
    }

    /// <summary>True when a file read now would read differently.</summary>
    public bool Changed() => files.Any(f => !Equals(f.Hash, Current(f.Path)));

    private static byte[]? Current(string path)
    {
        try
        {
            return Hash(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Equals(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
