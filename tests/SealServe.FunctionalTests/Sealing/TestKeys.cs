using Microsoft.Extensions.DependencyInjection;
using SealServe.Sealing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>A key in a key file (mode 0600) in a temporary folder, and what the tests do with it: seal, stage versions, configure a server.</summary>
internal sealed class TestKeys : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-keys-");

    public TestKeys()
    {
        KeyFile = Path.Combine(folder.FullName, "test.key");
        AtomicFile.Write(KeyFile, s => s.Write(KeyFileFormat.Format(Key)), overwrite: false, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public KeyEncryptionKey Key { get; } = KeyEncryptionKey.Generate();

    public string KeyFile { get; }

    /// <summary>Registers sealing with this key file, as <c>serve --key_file</c> does.</summary>
    public void Configure(IServiceCollection services)
    {
        var options = new SealingOptions();
        options.Keys.Add(KeySource.File(KeyFile));
        services.AddSealServeSealing(options);
    }

    public void Seal(string versionOrBasePath, int chunkSize = SealedFormat.DefaultChunkSize, KeyEncryptionKey? key = null, DateTimeOffset? notAfter = null) =>
        new ModelSealer(key ?? Key).Seal(versionOrBasePath, null, notAfter, chunkSize);

    /// <summary>
    /// Seals <paramref name="model"/> as <c>&lt;modelFolder&gt;/&lt;version&gt;/model.onnx</c> in a staging folder outside any
    /// base path, so a test can alter it before moving it in (a server polling the base path never sees it unaltered).
    /// </summary>
    public string Stage(string modelFolder, string version, byte[] model, int chunkSize, KeyEncryptionKey? key = null, DateTimeOffset? notAfter = null)
    {
        var directory = Path.Combine(folder.FullName, "staging-" + Guid.NewGuid().ToString("N"), modelFolder, version);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), model);
        Seal(directory, chunkSize, key, notAfter);
        return directory;
    }

    public void Dispose()
    {
        Key.Dispose();
        folder.Delete(recursive: true);
    }
}
