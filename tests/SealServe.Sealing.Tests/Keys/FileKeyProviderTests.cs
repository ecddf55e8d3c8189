using SealServe.Core.Errors;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileKeyProviderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-keys-");

    [Fact]
    public void Load_KeyFile_GivesTheKey()
    {
        var path = Write(KnownKey.FileText, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var logger = new ListLogger<FileKeyProvider>();

        using var key = new FileKeyProvider(logger).Load(KeySource.File(path));

        Assert.Equal(KnownKey.Id, key.Id);
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public void Load_ReadableByOthers_WarnsNamingTheFile()
    {
        var path = Write(KnownKey.FileText, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var logger = new ListLogger<FileKeyProvider>();

        using var key = new FileKeyProvider(logger).Load(KeySource.File(path));

        var line = Assert.Single(logger.Lines);
        Assert.Equal($"Warning 2006: Key file {path} can be read by other users (mode 604); chmod 600 it", line);
    }

    [Fact]
    public void Load_MissingFile_FailsNamingTheFlagAndPath()
    {
        var path = Path.Combine(folder.FullName, "missing.key");

        var error = Assert.Throws<ServingException>(() => new FileKeyProvider().Load(KeySource.File(path)));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.StartsWith($"--key_file {path}: cannot read the key file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAKeyFile_FailsWithoutShowingItsContent()
    {
        var path = Write("this is a model, not a key", UnixFileMode.UserRead);

        var error = Assert.Throws<ServingException>(() => new FileKeyProvider().Load(KeySource.File(path)));

        Assert.Equal($"--key_file {path}: the key line is not a 32-byte key in base64 or hex", error.Message);
    }

    [Fact]
    public void Load_CharacterDevice_RefusesWithoutReading()
    {
        var error = Assert.Throws<ServingException>(() => new FileKeyProvider().Load(KeySource.File("/dev/zero")));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("--key_file /dev/zero: not a regular file (a character device)", error.Message);
    }

    [Fact]
    public async Task Load_Fifo_RefusesInsteadOfWaitingForAWriter()
    {
        var path = Path.Combine(folder.FullName, "key.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var load = Task.Run(() => new FileKeyProvider().Load(KeySource.File(path)), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ServingException>(() => load.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal($"--key_file {path}: not a regular file (a FIFO)", error.Message);
    }

    [Fact]
    public void Load_HugeFile_RefusesWithoutReadingIt()
    {
        var path = Path.Combine(folder.FullName, "huge.key");
        using (var file = File.Create(path))
        {
            file.SetLength(1L << 32);
        }

        var error = Assert.Throws<ServingException>(() => new FileKeyProvider().Load(KeySource.File(path)));

        Assert.Equal($"--key_file {path}: 4294967296 bytes is too large for a key file (at most 65536)", error.Message);
    }

    [Fact]
    public void Load_SymbolicLinkToAKeyFile_Reads()
    {
        var target = Write(KnownKey.FileText, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(folder.FullName, "link.key");
        File.CreateSymbolicLink(link, target);

        using var key = new FileKeyProvider().Load(KeySource.File(link));

        Assert.Equal(KnownKey.Id, key.Id);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private string Write(string text, UnixFileMode mode)
    {
        var path = Path.Combine(folder.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
