using System.Text.Json;
using SealServe.Models.Config;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// <c>sealserve convert</c> as users run it: the ONNX file it writes runs in ONNX Runtime (served as an ONNX model) with
/// the SavedModel's results and its API: inputs and outputs named by the signature's aliases, the signature recorded.
/// </summary>
public sealed class ConvertCommandTests
{
    [Theory]
    [InlineData("tfserving/saved_model_half_plus_two_cpu", "x", "[[1.0], [2.0], [5.0]]", new[] { 2.5, 3.0, 4.5 })]
    [InlineData("tfserving/saved_model_half_plus_two_tf2_cpu/00000123", "x", "[1.0]", new[] { 2.5 })]
    [InlineData("tf/onnx__tensorflow-onnx__regression_frozen/frozen.pb", "X", "[1.0, 2.0]", null)]
    public async Task Convert_SavedModelOrFrozenGraph_WritesAnOnnxModelThatServes(string source, string input, string instances, double[]? expected)
    {
        using var repository = new TempModelRepository();
        var version = Path.Combine(repository.BasePath, "1");
        Directory.CreateDirectory(version);
        var output = Path.Combine(version, "model.onnx");

        var (exitCode, log, stdout) = await ServerProcess.RunAsync($"{ServeProcessTests.Program} convert \"{Corpus.Require(source)}\" --out \"{output}\"", RepositoryRoot.Path, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, log);
        Assert.Contains($"inputs {input}", stdout, StringComparison.Ordinal);
        await using var server = await TestServer.StartAsync([ModelConfig.Create("converted", repository.BasePath)]);
        var body = await TfServingModelsTests.PostAsync(server, "/v1/models/converted:predict", $$"""{"instances": {{instances}}}""");
        var values = JsonTensors.Flatten(JsonDocument.Parse(body).RootElement.GetProperty("predictions")).Values;
        if (expected is not null)
        {
            Assert.Equal(expected, values);
        }
        else
        {
            Assert.NotEmpty(values);
        }
    }

    /// <summary>
    /// A client of the SavedModel's non-default signature (leak_testmodel has only <c>inference</c>) works unchanged on the
    /// converted model: same signature name, method, aliases and the reference's results.
    /// </summary>
    [Fact]
    public async Task Convert_NamedSignature_KeepsItsNameAliasesAndMethodForClients()
    {
        using var repository = new TempModelRepository();
        var version = Path.Combine(repository.BasePath, "1");
        Directory.CreateDirectory(version);
        var model = "tf/SciSharp__TensorFlow.NET__leak_testmodel";

        var (exitCode, log, stdout) = await ServerProcess.RunAsync($"{ServeProcessTests.Program} convert \"{Corpus.Require(model)}\" --signature_name inference --out \"{Path.Combine(version, "model.onnx")}\"", RepositoryRoot.Path, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, log);
        Assert.Contains("inputs input; outputs output_0, output_1, output_2", stdout, StringComparison.Ordinal);
        await using var server = await TestServer.StartAsync([ModelConfig.Create("converted", repository.BasePath)]);
        var metadata = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/models/converted/metadata")).RootElement
            .GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def");
        Assert.Equal(["inference"], metadata.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tensorflow/serving/predict", metadata.GetProperty("inference").GetProperty("method_name").GetString());
        Assert.Empty(await ReferenceModelTests.CompareAsync(server, "converted", Corpus.Require("tf-references/SciSharp__TensorFlow.NET__leak_testmodel")));
    }

    [Fact]
    public async Task Convert_SealedFileInTheSavedModel_RefusesAndWritesNothing()
    {
        using var repository = new TempModelRepository();
        var copy = Path.Combine(repository.BasePath, "sealed");
        Directory.CreateDirectory(copy);
        File.Copy(Corpus.Require("tfserving/matrix_half_plus_two/1/saved_model.pb"), Path.Combine(copy, "saved_model.pb"));
        await File.WriteAllBytesAsync(Path.Combine(copy, "saved_model.pb"), [0x89, (byte)'S', (byte)'E', (byte)'A', (byte)'L', 0x0D, 0x0A, 0x1A, 1, 0, 0, 0, 0, 0]);
        var output = Path.Combine(repository.BasePath, "out.onnx");

        var (exitCode, log, _) = await ServerProcess.RunAsync($"{ServeProcessTests.Program} convert \"{copy}\" --out \"{output}\"", RepositoryRoot.Path, TimeSpan.FromMinutes(2));

        Assert.Equal(1, exitCode);
        Assert.Contains("is sealed: convert refuses sealed models", log, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
