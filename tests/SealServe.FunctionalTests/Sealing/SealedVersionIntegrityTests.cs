using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// TensorFlow Serving's half_plus_two SavedModel (graph, variables and an asset), sealed, then altered as an
/// attacker with write access to the store would: every file must authenticate, the set of files must be the
/// one sealed, and sealed and plain files never mix. Each altered version is the only one, so the server
/// refuses to start with the reason.
/// </summary>
public sealed class SealedVersionIntegrityTests : IDisposable
{
    private const string Version = "00000123";
    private readonly TempModelRepository repository = new();
    private readonly TestKeys keys = new();

    public static TheoryData<string, string, string> Alterations() => new()
    {
        { "asset_byte_flipped", "assets/foo.txt", "chunk 0 of 1 failed authentication" },
        { "asset_deleted", "assets/foo.txt", "missing: the version's sealed manifest lists it" },
        { "plain_file_added", "assets/extra.txt", "a plain file in a sealed version" },
        { "sealed_file_added", "assets/foo2.txt", "not in the version's sealed manifest" },
        { "plain_variables", "variables/variables.index", "a plain file in a sealed version" },
        { "plain_graph", "saved_model.pb", "a plain file in a sealed version" },
        { "other_sealing_swapped_in", "assets/foo.txt", "not the file sealed with this version" },
        { "manifest_deleted", "sealserve.manifest", "missing, yet the version holds sealed files" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task Serve_AlteredSealedVersion_IsRefusedNamingTheFile(string alteration, string file, string reason)
    {
        var version = SealedCopy();
        Alter(alteration, version);

        var error = await Assert.ThrowsAsync<ServingException>(() => TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configureServices: keys.Configure));

        Assert.Contains(Path.Combine(version, file), error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnalteredSealedVersion_Predicts()
    {
        SealedCopy();

        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configureServices: keys.Configure);

        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", await PredictAsync(server));
    }

    [Fact]
    public async Task Serve_RequireSealedModels_RefusesAPlainVersionWhileTheSealedOneServes()
    {
        var sealedVersion = repository.AddVersion("1", TestModels.AffineModel("sealed", 1f, 1f));
        keys.Seal(sealedVersion);
        var options = new SealingOptions { RequireSealedModels = true, Keys = { KeySource.File(keys.KeyFile) } };
        await using var server = await TestServer.StartAsync([ModelConfig.Create("model", repository.BasePath)], configureServices: s => s.AddSealServeSealing(options));

        var plainVersion = repository.AddVersion("2", TestModels.AffineModel("plain", 1f, 2f));
        var status = await ScalarModelCalls.WaitForStateAsync(server, "model", 2, Tensorflow.Serving.ModelVersionStatus.Types.State.End);

        Assert.Equal(Tensorflow.Error.Code.FailedPrecondition, status.Status.ErrorCode);
        Assert.Equal($"{plainVersion}: plain model files are refused (--require_sealed_models): seal the version with 'sealserve seal'", status.Status.ErrorMessage);
        Assert.Equal(2f, await ScalarModelCalls.PredictAsync(server, "model"));
    }

    public void Dispose()
    {
        repository.Dispose();
        keys.Dispose();
    }

    private void Alter(string alteration, string version)
    {
        var original = Corpus.Require(Path.Combine("tfserving", "saved_model_half_plus_two_cpu", Version));
        switch (alteration)
        {
            case "asset_byte_flipped":
                var asset = Path.Combine(version, "assets", "foo.txt");
                var bytes = File.ReadAllBytes(asset);
                bytes[^20] ^= 0x01;
                File.WriteAllBytes(asset, bytes);
                break;
            case "asset_deleted":
                File.Delete(Path.Combine(version, "assets", "foo.txt"));
                break;
            case "plain_file_added":
                File.WriteAllText(Path.Combine(version, "assets", "extra.txt"), "added after sealing");
                break;
            case "sealed_file_added":
                // A genuinely sealed file, bound to this very path, from another sealing of the same version.
                var other = OtherSealing(original);
                File.Copy(Path.Combine(other, "assets", "foo.txt"), Path.Combine(version, "assets", "foo2.txt"));
                break;
            case "plain_variables":
                foreach (var name in new[] { "variables.index", "variables.data-00000-of-00001" })
                {
                    File.Copy(Path.Combine(original, "variables", name), Path.Combine(version, "variables", name), overwrite: true);
                }

                break;
            case "plain_graph":
                File.Copy(Path.Combine(original, "saved_model.pb"), Path.Combine(version, "saved_model.pb"), overwrite: true);
                break;
            case "other_sealing_swapped_in":
                File.Copy(Path.Combine(OtherSealing(original), "assets", "foo.txt"), Path.Combine(version, "assets", "foo.txt"), overwrite: true);
                break;
            case "manifest_deleted":
                File.Delete(Path.Combine(version, "sealserve.manifest"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(alteration), alteration, null);
        }
    }

    /// <summary>The corpus version sealed a second time with the same key, at the same model and version names, elsewhere.</summary>
    private string OtherSealing(string original)
    {
        var other = Path.Combine(Path.GetDirectoryName(repository.BasePath)!, "other", Path.GetFileName(repository.BasePath), Version);
        Copy(original, other);
        keys.Seal(other);
        return other;
    }

    private string SealedCopy()
    {
        var version = Path.Combine(repository.BasePath, Version);
        Copy(Corpus.Require(Path.Combine("tfserving", "saved_model_half_plus_two_cpu", Version)), version);
        keys.Seal(version);
        return version;
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, File.ReadAllBytes(file));
        }
    }

    private static async Task<string> PredictAsync(TestServer server)
    {
        using var response = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0, 2.0, 5.0]}", System.Text.Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}
