using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using SealServe.Models.Engine;

namespace SealServe.Benchmarks.Allocations;

/// <summary>
/// Time and bytes allocated per call of a tiny Predict's hot-path steps (<see cref="HotPathOperations"/>). The
/// bytes are what <c>allocation-budgets.json</c> bounds; CI checks them with the same operations in
/// <c>tests/SealServe.Server.Tests/Allocations</c>, without BenchmarkDotNet's run time.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private HotPathOperations operations = null!;
    private InferenceSession session = null!;
    private OrtValue[] inputs = null!;
    private RunOptions runOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkCorpus.Require("onnx/mlp_tabular/model.onnx");
        operations = new HotPathOperations(model);

        // The load test's in-process baseline: the same session options, the input made once, no wrapper.
        using var options = OnnxServable.CreateSessionOptions(new EngineOptions(), CpuExecutionProvider.Instance, new FileInfo(model).Length);
        session = new InferenceSession(model, options);
        inputs = [OrtValue.CreateTensorValueFromMemory(new float[16], [1, 16])];
        runOptions = new RunOptions();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        operations.Dispose();
        inputs[0].Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    [Benchmark]
    public void JsonRead() => operations.ReadJson();

    [Benchmark]
    public void JsonWrite() => operations.WriteJson();

    [Benchmark]
    public void TensorProtoDecode() => operations.DecodeTensorProto();

    [Benchmark]
    public void TensorProtoEncode() => operations.EncodeTensorProto();

    [Benchmark]
    public void EngineRun() => operations.RunEngine();

    /// <summary>ONNX Runtime alone, as the load test's <c>engine</c> scenario runs it: what <see cref="EngineRun"/> adds is the wrapper's.</summary>
    [Benchmark]
    public void EngineRunBare()
    {
        using var outputs = session.Run(runOptions, session.InputNames, inputs, session.OutputNames);
    }

    [Benchmark]
    public void BatchQueueRun() => operations.RunBatched();
}
