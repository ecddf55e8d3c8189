using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Core.Errors;
using SealServe.Sealing.Diagnostics;

namespace SealServe.Sealing.Keys;

/// <summary>
/// <c>--key_file PATH</c>: reads a key file (<see cref="KeyFileFormat"/>), as <c>keys generate</c> writes it,
/// and warns when other users may read it (as ssh does; a warning, because a container's mounted secret
/// is often group-readable by design). Only a regular file of at most 64 KiB is read, within 10 s: a FIFO
/// would hang the start, a device (<c>/dev/zero</c>) would fill memory, a stalled network mount would hang.
/// </summary>
internal sealed class FileKeyProvider(ILogger<FileKeyProvider> logger) : IKeyProvider
{
    private const UnixFileMode Exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
    private const int MaxBytes = 64 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

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
            text = Read(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: cannot read the key file ({e.GetType().Name}: {e.Message})");
        }
        catch (TimeoutException)
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: the key file could not be read within {ReadTimeout.TotalSeconds:0} s");
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

    private static byte[] Read(KeySource source)
    {
        if (KeyFileStatus.Of(source.Reference) is { } status)
        {
            if (status.NotRegular is { } kind)
            {
                throw ServingException.FailedPrecondition($"{source.Describe()}: not a regular file ({kind})");
            }

            TooLarge(source, status.Size);
        }

        // The size is checked again while reading: the file may have grown since.
        return Task.Run(() => ReadAtMost(source)).WaitAsync(ReadTimeout).GetAwaiter().GetResult();
    }

    private static byte[] ReadAtMost(KeySource source)
    {
        using var stream = new FileStream(source.Reference, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var buffer = new byte[MaxBytes + 1];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        try
        {
            TooLarge(source, length);
            return buffer[..length];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static void TooLarge(KeySource source, long size)
    {
        if (size > MaxBytes)
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: {size} bytes is too large for a key file (at most {MaxBytes})");
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
