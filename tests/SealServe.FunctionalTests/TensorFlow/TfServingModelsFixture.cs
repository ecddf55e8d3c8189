using SealServe.Models.Config;
using SealServe.Models.Policies;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// One server for every SavedModel of TF Serving's own test data (linked from the corpus, not copied), started on
/// first use so a missing corpus skips. <c>default</c> is half_plus_two, as in TF Serving's tests; the two-versions
/// model serves both its versions.
/// </summary>
public sealed class TfServingModelsFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<TempModelRepository> repositories = [];
    private TestServer? server;

    public async Task<TestServer> GetAsync()
    {
        var root = Corpus.Require("tfserving");
        await gate.WaitAsync();
        try
        {
            return server ??= await TestServer.StartAsync(
            [
                Linked("default", Path.Combine(root, "saved_model_half_plus_two_cpu"), "00000123"),
                Linked("half_plus_two_tf2", Path.Combine(root, "saved_model_half_plus_two_tf2_cpu"), "00000123"),
                Linked("half_plus_three", Path.Combine(root, "saved_model_half_plus_three"), "00000123"),
                Linked("matrix_half_plus_two", Path.Combine(root, "matrix_half_plus_two"), "1"),
                Linked("two_versions", Path.Combine(root, "saved_model_half_plus_two_2_versions"), "00000123", "00000124"),
            ]);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A model whose versions are links to corpus version folders, every one of them served.</summary>
    public ModelConfig Linked(string name, string corpusModel, params string[] versions)
    {
        var repository = new TempModelRepository();
        repositories.Add(repository);
        foreach (var version in versions)
        {
            repository.LinkVersion(version, Path.Combine(corpusModel, version));
        }

        return new ModelConfig(name, repository.BasePath, "tensorflow", new AllVersionsPolicy(), new Dictionary<string, long>());
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        repositories.ForEach(r => r.Dispose());
    }
}
