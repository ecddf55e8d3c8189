using SealServe.Models.Config;
using SealServe.Sealing.Format;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// Every corpus ONNX model, sealed, served next to its plain copy by one server: every output of every
/// <c>test_data_set_*</c> must be identical through REST (rows and columns) and gRPC (typed and tensor_content).
/// </summary>
public sealed class SealedCorpusTests(SealedCorpusTests.ServerFixture fixture) : IClassFixture<SealedCorpusTests.ServerFixture>
{
    public static TheoryData<string, string> Cases() => CorpusOnnxTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Predict_SealedModel_GivesTheSameOutputsAsThePlainModel(string model, string transport)
    {
        var server = await fixture.GetAsync();
        var dataSets = OnnxReference.DataSets(Corpus.Require($"onnx/{model}")).ToArray();
        Assert.NotEmpty(dataSets);

        foreach (var (folder, inputs, expected) in dataSets)
        {
            var input = Assert.Single(inputs);
            var plain = await PredictAsync(server, model, input, transport, expected);
            var sealedOutputs = await PredictAsync(server, model + ServerFixture.SealedSuffix, input, transport, expected);

            Assert.Equal(plain.Keys.Order(), sealedOutputs.Keys.Order());
            foreach (var (name, (values, shape)) in plain)
            {
                Assert.True(values.SequenceEqual(sealedOutputs[name].Item1), $"{folder} {name} via {transport}: sealed outputs differ from plain");
                Assert.Equal(shape, sealedOutputs[name].Item2);
            }
        }

        Assert.True(fixture.IsServedSealed(model), $"{model}{ServerFixture.SealedSuffix} is not sealed on disk");
        // The test host keeps its own diagnostics port, which the embedded server reports as the one gap.
        Assert.Contains(server.Logs.Lines, l => l.Contains("Process hardening for sealed models is incomplete: the .NET diagnostics port is open", StringComparison.Ordinal));
    }

    private static Task<Dictionary<string, (List<double>, List<long>)>> PredictAsync(TestServer server, string model, OnnxReference input, string transport, OnnxReference[] expected) =>
        transport.StartsWith("rest", StringComparison.Ordinal)
            ? CorpusOnnxTests.PredictRestAsync(server, model, input, rows: transport == "rest-instances", expected)
            : CorpusOnnxTests.PredictGrpcAsync(server, model, input, tensorContent: transport == "grpc-tensor-content");

    /// <summary>One server for the class: each corpus model plain (linked) and sealed (copied as version 1, then sealed in place).</summary>
    public sealed class ServerFixture : IAsyncDisposable
    {
        public const string SealedSuffix = "_sealed";

        private readonly List<TempModelRepository> repositories = [];
        private readonly TestKeys keys = new();
        private readonly Dictionary<string, string> sealedFiles = [];
        private readonly Lazy<Task<TestServer>> server;

        public ServerFixture() => server = new(StartAsync);

        /// <summary>Guards against a vacuous pass: the "sealed" copy really is sealed on disk.</summary>
        public bool IsServedSealed(string model)
        {
            using var stream = File.OpenRead(sealedFiles[model]);
            return SealedFileHeader.Peek(stream) == SealedFileKind.Sealed;
        }

        /// <summary>Started on first use, after the corpus check, so a missing corpus skips instead of failing the fixture.</summary>
        public Task<TestServer> GetAsync()
        {
            Corpus.Require("onnx");
            return server.Value;
        }

        public async ValueTask DisposeAsync()
        {
            if (server.IsValueCreated)
            {
                await (await server.Value).DisposeAsync();
            }

            repositories.ForEach(r => r.Dispose());
            keys.Dispose();
        }

        private Task<TestServer> StartAsync() => TestServer.StartAsync(
            Directory.EnumerateDirectories(Corpus.Require("onnx")).SelectMany(m => new[] { Plain(m), Sealed(m) }).ToArray(),
            configureServices: keys.Configure);

        private ModelConfig Plain(string modelFolder)
        {
            var repository = NewRepository();
            repository.LinkVersion("1", modelFolder);
            return ModelConfig.Create(Path.GetFileName(modelFolder), repository.BasePath);
        }

        private ModelConfig Sealed(string modelFolder)
        {
            var repository = NewRepository();
            repository.AddVersion("1", File.ReadAllBytes(Path.Combine(modelFolder, "model.onnx")));
            keys.Seal(repository.BasePath);
            sealedFiles[Path.GetFileName(modelFolder)] = Path.Combine(repository.BasePath, "1", "model.onnx");
            return ModelConfig.Create(Path.GetFileName(modelFolder) + SealedSuffix, repository.BasePath);
        }

        private TempModelRepository NewRepository()
        {
            var repository = new TempModelRepository();
            repositories.Add(repository);
            return repository;
        }
    }
}
