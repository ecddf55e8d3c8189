using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Engine;

public sealed class EngineOptionsTests
{
    [Fact]
    public void CreateSessionOptions_EngineKnobs_AppliedToOnnxRuntime()
    {
        var options = new EngineOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimization.Basic, EnableCpuMemArena = false, EnableMemoryPattern = false, AllowSpinning = false };

        using var session = OnnxServable.CreateSessionOptions(options, CpuExecutionProvider.Instance, modelBytes: 10 << 20);

        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_BASIC, session.GraphOptimizationLevel);
        Assert.False(session.EnableCpuMemArena);
        Assert.False(session.EnableMemoryPattern);
        Assert.Equal(1, session.IntraOpNumThreads);
    }

    [Theory]
    [InlineData(GraphOptimization.Disabled, true)]
    [InlineData(GraphOptimization.All, false)]
    public async Task Create_AnyKnobs_SameResults(GraphOptimization level, bool spinning)
    {
        var options = new EngineOptions { IntraOpThreads = 1, GraphOptimization = level, AllowSpinning = spinning, EnableCpuMemArena = spinning };
        using var servable = OnnxServable.Create(TestModels.HalfPlusTwo(), options, provider: CpuExecutionProvider.Instance);
        using var x = Tensor.FromValues(new TensorShape(2), 1f, 4f);

        using var y = Assert.Single(await servable.RunAsync(servable.Signatures[Signature.DefaultKey], ["x"], [x], ["y"], CancellationToken.None));

        Assert.Equal([2.5f, 4f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Defaults_OnnxRuntimeDefaultsOnCpu()
    {
        var options = new EngineOptions();

        Assert.Equal((GraphOptimization.All, true, true, "cpu"), (options.GraphOptimization, options.EnableMemoryPattern, options.AllowSpinning, options.ExecutionProvider));
    }

    [Theory]
    [InlineData(null, 1000L, false)]
    [InlineData(null, 4L << 20, true)]
    [InlineData(true, 1000L, true)]
    [InlineData(false, 4L << 20, false)]
    public void CpuMemArena_UnsetChoosesByModelSize(bool? configured, long modelBytes, bool expected)
    {
        var options = new EngineOptions { EnableCpuMemArena = configured };

        using var session = OnnxServable.CreateSessionOptions(options, CpuExecutionProvider.Instance, modelBytes);

        Assert.Equal(expected, session.EnableCpuMemArena);
    }
}
