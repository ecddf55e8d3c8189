using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Core.Errors;
using SealServe.Sealing.Diagnostics;

namespace SealServe.Sealing.Keys;

/// <summary>
/// <c>--key_file PATH</c>: reads a key file (<see cref="KeyFileFormat"/>), as <c>keys generate</c> writes it,
/// and warns when other users may read it (as ssh does; a warning, because a container's mounted secret
/// is often group-readable by design).
/// </summary>
internal sealed class FileKeyProvider(ILogger<FileKeyProvider> logger) : IKeyProvider
{
    private const UnixFileMode Exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public FileKeyProvider()
        : this(NullLogger<FileKeyProvider>.Instance)
    {
    }

    public string Scheme => KeyProviderNames.File;

    public KeyEncryptionKey Load(KeySource source)
    {
        byte[] text;
        try
        {
            text = File.ReadAllBytes(source.Reference);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: cannot read the key file ({e.GetType().Name}: {e.Message})");
        }

        WarnIfExposed(source.Reference);
        try
        {
            return KeyFileFormat.Parse(text, source.Describe());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }

    private void WarnIfExposed(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & Exposed) != 0)
        {
            SealingLog.KeyFileExposed(logger, path, Convert.ToString((int)mode, 8));
        }
    }
}
