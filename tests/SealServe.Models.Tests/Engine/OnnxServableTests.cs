using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Engine;

public sealed class OnnxServableTests
{
    [Fact]
    public void Create_HalfPlusTwo_OneDefaultSignatureWithAnyRank()
    {
        using var servable = OnnxServable.Create(TestModels.HalfPlusTwo(), new EngineOptions());

        var signature = Assert.Single(servable.Signatures).Value;

        Assert.Equal((Signature.DefaultKey, Signature.PredictMethod), (signature.Key, signature.MethodName));
        Assert.Equal(new TensorSpec("x", DataType.Float, ShapeSpec.AnyRank), signature.Inputs["x"]);
        Assert.Equal(["y"], signature.OutputAliases);
    }

    [Fact]
    public async Task RunAsync_HalfPlusTwo_ComputesHalfPlusTwo()
    {
        using var servable = OnnxServable.Create(TestModels.HalfPlusTwo(), new EngineOptions { IntraOpThreads = 1 });
        using var input = Tensor.FromValues(new TensorShape(3), 1f, 2f, 5f);

        var outputs = await servable.RunAsync(servable.Signatures[Signature.DefaultKey], ["x"], [input], ["y"], CancellationToken.None);

        using var y = Assert.Single(outputs);
        Assert.Equal(new TensorShape(3), y.Shape);
        Assert.Equal([2.5f, 3f, 4.5f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task RunAsync_OneRunSlot_FailedRunFreesItAndConcurrentRunsAllComplete()
    {
        using var servable = OnnxServable.Create(TestModels.HalfPlusTwo(), new EngineOptions { IntraOpThreads = 1, MaxConcurrentRuns = 1 });
        var signature = servable.Signatures[Signature.DefaultKey];
        using (var wrongType = Tensor.FromValues(new TensorShape(1), 1.0))
        {
            await Assert.ThrowsAsync<SealServe.Core.Errors.ServingException>(async () => await servable.RunAsync(signature, ["x"], [wrongType], ["y"], CancellationToken.None));
        }

        var runs = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            using var input = Tensor.FromValues(new TensorShape(1), (float)i);
            var outputs = await servable.RunAsync(signature, ["x"], [input], ["y"], CancellationToken.None);
            using var y = Assert.Single(outputs);
            return y.AsSpan<float>()[0];
        }));

        var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => (i / 2f) + 2f), results);
    }

    [Fact]
    public void Create_CorpusMlp_SignatureHasSymbolicBatchDimension()
    {
        var model = File.ReadAllBytes(Corpus.Require("onnx/mlp_tabular/model.onnx"));

        using var servable = OnnxServable.Create(model, new EngineOptions());

        var signature = servable.Signatures[Signature.DefaultKey];
        Assert.Equal(ShapeSpec.Of(-1, 16).Dims.Select(d => d.Size), signature.Inputs["features"].Shape!.Dims.Select(d => d.Size));
        Assert.Equal("batch", signature.Inputs["features"].Shape!.Dims[0].Name);
        Assert.Equal(DataType.Int64, signature.Outputs["class_ids"].DataType);
    }

    [Fact]
    public void Create_GarbageBytes_InvalidArgument()
    {
        var error = Assert.Throws<SealServe.Core.Errors.ServingException>(() => OnnxServable.Create([1, 2, 3, 4], new EngineOptions()));

        Assert.Equal(SealServe.Core.Errors.StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith("ONNX Runtime could not load the model", error.Message, StringComparison.Ordinal);
    }
}
