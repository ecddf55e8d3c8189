using System.Text;
using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Legacy;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// TensorFlow Serving's own half_plus_two SavedModel (graph and variables), sealed by us, and its
/// <c>saved_model.pb</c> encrypted the old fork's way by <c>openssl enc</c>: both served through the SavedModel importer.
/// </summary>
public sealed class SealedSavedModelTests : IDisposable
{
    private const string Version = "00000123";
    private const string LegacyPassphrase = "0123456789abcdef and the rest is ignored";
    private readonly TempModelRepository repository = new();

    [Fact]
    public async Task Serve_SealedSavedModel_Predicts()
    {
        var version = CopyCorpusVersion();
        using var keys = new TestKeys();
        keys.Seal(repository.BasePath);
        Assert.All(Directory.EnumerateFiles(version, "*", SearchOption.AllDirectories), f => Assert.True(IsSealed(f), f));

        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configureServices: keys.Configure);

        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", await PredictAsync(server));
    }

    [Fact]
    public async Task Serve_LegacyCryptpbFromOpenssl_Predicts()
    {
        EncryptLegacy(CopyCorpusVersion());

        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configureServices: s => s.AddSealServeSealing(Legacy(LegacyPassphrase)));

        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", await PredictAsync(server));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Decrypted legacy cryptpb file", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("0123456789abcdef", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_LegacyCryptpbWrongKey_FailsNamingTheFileNotTheKey()
    {
        var version = CopyCorpusVersion();
        EncryptLegacy(version);

        var error = await Assert.ThrowsAsync<ServingException>(() => TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configureServices: s => s.AddSealServeSealing(Legacy("fedcba9876543210"))));

        Assert.Contains($"{Path.Combine(version, "saved_model.pb")}: cannot decrypt the legacy cryptpb file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fedcba9876543210", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => repository.Dispose();

    private static SealingOptions Legacy(string passphrase) => new() { LegacyCryptpbKey = CryptpbReader.KeyFromText(passphrase) };

    private static void EncryptLegacy(string version)
    {
        var graph = Path.Combine(version, "saved_model.pb");
        File.WriteAllBytes(graph, OpenSsl.EncryptAes128Cbc(File.ReadAllBytes(graph), CryptpbReader.KeyFromText(LegacyPassphrase)!, CryptpbReader.DefaultIv));
    }

    private static bool IsSealed(string path)
    {
        using var stream = File.OpenRead(path);
        return SealedFileHeader.Peek(stream) == SealedFileKind.Sealed;
    }

    private static async Task<string> PredictAsync(TestServer server)
    {
        using var response = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0, 2.0, 5.0]}", Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A writable copy of the corpus version (the corpus is read-only, and these tests change files in place).</summary>
    private string CopyCorpusVersion()
    {
        var source = Corpus.Require(Path.Combine("tfserving", "saved_model_half_plus_two_cpu", Version));
        var target = Path.Combine(repository.BasePath, Version);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, File.ReadAllBytes(file));
        }

        return target;
    }
}
