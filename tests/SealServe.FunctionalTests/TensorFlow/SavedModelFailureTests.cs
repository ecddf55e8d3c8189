using System.Text.Json.Nodes;
using SealServe.Models.Config;
using SealServe.Models.Policies;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Damaged or unservable SavedModels and frozen GraphDefs fail their load with an error that names the file and the reason, and the
/// server keeps serving everything else. Each broken model has a good version 1 next to its broken version 2.
/// </summary>
public sealed class SavedModelFailureTests : IAsyncLifetime
{
    private readonly List<TempModelRepository> repositories = [];
    private TestServer server = null!;

    public static TheoryData<string, string> Cases() => new()
    {
        { "truncated_pb", "saved_model.pb is not a valid SavedModel (truncated or corrupt)" },
        { "bad_index_checksum", "variables/variables.index is corrupt: checksum mismatch" },
        { "missing_shard", "Data shard variables/variables.data-00000-of-00001 is missing" },
        { "graph_only_no_data", "variables/variables.data-00000-of-00001 is missing" },
        { "graph_only_no_variables", "has no variables/variables.index (a graph-only export?)" },
        { "two_graphs", "holds several GraphDef .pb files (copy.pb, frozen.pb); keep one" },
        { "truncated_graph", "frozen.pb is not a valid GraphDef (truncated or corrupt)" },
    };

    public async ValueTask InitializeAsync()
    {
        var halfPlusTwo = Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123");
        var models = new List<ModelConfig>
        {
            Broken("truncated_pb", halfPlusTwo, dir => Truncate(Path.Combine(dir, "saved_model.pb"), 2000)),
            Broken("bad_index_checksum", halfPlusTwo, dir => FlipByte(Path.Combine(dir, "variables/variables.index"), 5)),
            Broken("missing_shard", halfPlusTwo, dir => File.Delete(Path.Combine(dir, "variables/variables.data-00000-of-00001"))),
            Broken("graph_only_no_data", Corpus.Require("tf/KaissonFerreira__text_classifier__embedding_GRAPHONLY/1"), _ => { }),
            Broken("graph_only_no_variables", Corpus.Require("tf/SciSharp__TensorFlow.NET__example1_GRAPHONLY/1"), _ => { }),
            Broken("two_graphs", Corpus.Require("tf/onnx__tensorflow-onnx__regression_frozen"), dir => File.Copy(Path.Combine(dir, "frozen.pb"), Path.Combine(dir, "copy.pb"))),
            Broken("truncated_graph", Corpus.Require("tf/onnx__tensorflow-onnx__regression_frozen"), dir => Truncate(Path.Combine(dir, "frozen.pb"), 100)),
        };
        server = await TestServer.StartAsync(models);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        repositories.ForEach(r => r.Dispose());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Load_BrokenVersion_FailsClearlyWhileTheGoodVersionServes(string model, string reason)
    {
        var status = JsonNode.Parse(await server.Http.GetStringAsync($"/v1/models/{model}"))!["model_version_status"]!.AsArray();
        var broken = status.Single(v => (string)v!["version"]! == "2")!;
        var message = (string)broken["status"]!["error_message"]!;

        Assert.Equal("END", (string)broken["state"]!);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains(" version 2 from ", message, StringComparison.Ordinal);
        var body = await TfServingModelsTests.PostAsync(server, $"/v1/models/{model}/versions/1:predict", """{"instances": [2.0]}""");
        Assert.Contains("3.0", body, StringComparison.Ordinal);
    }

    /// <summary>Version 1 links to the good half_plus_two; version 2 is a damaged copy of <paramref name="source"/>.</summary>
    private ModelConfig Broken(string name, string source, Action<string> damage)
    {
        var repository = new TempModelRepository();
        repositories.Add(repository);
        repository.LinkVersion("1", Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123"));
        var copy = Path.Combine(Path.GetTempPath(), "sealserve-broken-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(source, copy);
        damage(copy);
        Directory.Move(copy, Path.Combine(repository.BasePath, "2"));
        return new ModelConfig(name, repository.BasePath, "tensorflow", new AllVersionsPolicy(), new Dictionary<string, long>());
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
        }
    }

    private static void Truncate(string file, int length) => File.WriteAllBytes(file, File.ReadAllBytes(file)[..length]);

    private static void FlipByte(string file, int index)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[index] ^= 0x10;
        File.WriteAllBytes(file, bytes);
    }
}
