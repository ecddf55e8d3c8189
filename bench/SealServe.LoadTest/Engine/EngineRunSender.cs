using Microsoft.ML.OnnxRuntime;
using SealServe.LoadTest.Load;

namespace SealServe.LoadTest.Engine;

/// <summary>One worker's engine run: the OrtValue <c>Run</c> overload over an input pinned once, outputs released at once.</summary>
internal sealed class EngineRunSender : IRequestSender, IDisposable
{
    private readonly EngineSession engine;
    private readonly OrtValue[] inputs;
    private readonly RunOptions runOptions = new();

    public EngineRunSender(EngineSession engine, long[] shape, float[] values)
    {
        this.engine = engine;
        inputs = [OrtValue.CreateTensorValueFromMemory(values, shape)];
    }

    public bool IsBlocking => true;

    public ValueTask SendAsync(CancellationToken cancellationToken)
    {
        using var outputs = engine.Session.Run(runOptions, engine.InputNames, inputs, engine.OutputNames);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        inputs[0].Dispose();
        runOptions.Dispose();
    }
}
