using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Config;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Serving;

public sealed class PredictorTests : IAsyncLifetime
{
    private readonly TempModelRepository repository = new();
    private readonly FileSystemModelSource source = new(NullLogger<FileSystemModelSource>.Instance);
    private readonly ServableManager manager;

    public PredictorTests() => manager = new(
        new ModelLoaders([new OnnxModelLoader(new EngineOptions(), ExecutionProviders.CpuOnly)]),
        new PlainModelFiles(),
        source,
        Options.Create(new ModelServingOptions()),
        TimeProvider.System,
        NullLogger<ServableManager>.Instance);

    public async ValueTask InitializeAsync()
    {
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await manager.ReconcileAsync(ModelConfig.Create("half_plus_two", repository.BasePath), source.ListVersions(repository.BasePath), CancellationToken.None);
    }

    [Fact]
    public async Task PredictAsync_ValidInput_ReturnsOutputsWithResolvedSpec()
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));
        using var x = Tensor.FromValues(new TensorShape(2, 1), 4f, 6f);

        using var result = await Predictor.PredictAsync(handle, Predictor.GetSignature(handle.Servable, ""), Inputs(("x", x)), [], CancellationToken.None);

        Assert.Equal(("half_plus_two", 1L, "serving_default"), (result.ModelName, result.Version, result.SignatureName));
        var (alias, y) = Assert.Single(result.Outputs);
        Assert.Equal("y", alias);
        Assert.Equal([4f, 5f], y.AsSpan<float>().ToArray());
        Assert.Equal(new TensorShape(2, 1), y.Shape);
    }

    [Fact]
    public void GetSignature_Unknown_FailedPreconditionWithTfServingText()
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));

        var error = Assert.Throws<ServingException>(() => Predictor.GetSignature(handle.Servable, "classify_x"));

        Assert.Equal((StatusCode.FailedPrecondition, "Serving signature key \"classify_x\" not found."), (error.Code, error.Message));
    }

    [Fact]
    public async Task PredictAsync_ExtraInput_InvalidArgumentListingBoth()
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));
        using var x = Tensor.FromValues(new TensorShape(1), 1f);
        using var z = Tensor.FromValues(new TensorShape(1), 1f);

        var error = await Assert.ThrowsAsync<ServingException>(() => Predictor.PredictAsync(handle, Predictor.GetSignature(handle.Servable, null), Inputs(("x", x), ("z", z)), [], CancellationToken.None));

        Assert.Equal("input size does not match signature: 2!=1 len({x,z}) != len({x}). Sent extra: {z}. Missing but required: {}.", error.Message);
    }

    [Fact]
    public async Task PredictAsync_WrongName_NamesTheMissingAlias()
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));
        using var z = Tensor.FromValues(new TensorShape(1), 1f);

        var error = await Assert.ThrowsAsync<ServingException>(() => Predictor.PredictAsync(handle, Predictor.GetSignature(handle.Servable, null), Inputs(("z", z)), [], CancellationToken.None));

        Assert.StartsWith("Signature input alias: x(feed name: x) not found in request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_WrongDtype_InvalidArgument()
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));
        using var x = Tensor.FromValues(new TensorShape(1), 1);

        var error = await Assert.ThrowsAsync<ServingException>(() => Predictor.PredictAsync(handle, Predictor.GetSignature(handle.Servable, null), Inputs(("x", x)), [], CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith("Expects arg[0] to be float but int32 is provided", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "w" }, "output tensor alias not found in signature: w Outputs expected to be in the set {y}.")]
    [InlineData(new[] { "y", "y" }, "duplicate output tensor alias: y")]
    public async Task PredictAsync_BadOutputFilter_InvalidArgument(string[] filter, string message)
    {
        using var handle = manager.GetHandle(new ServableRequest("half_plus_two"));
        using var x = Tensor.FromValues(new TensorShape(1), 1f);

        var error = await Assert.ThrowsAsync<ServingException>(() => Predictor.PredictAsync(handle, Predictor.GetSignature(handle.Servable, null), Inputs(("x", x)), filter, CancellationToken.None));

        Assert.Equal(message, error.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await manager.DisposeAsync();
        repository.Dispose();
    }

    private static Dictionary<string, Tensor> Inputs(params (string Alias, Tensor Tensor)[] inputs) => inputs.ToDictionary(i => i.Alias, i => i.Tensor);
}
