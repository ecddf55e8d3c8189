using Microsoft.ML.OnnxRuntime;

namespace SealServe.LoadTest.Engine;

/// <summary>
/// The engine limit: ONNX Runtime in this process with the session options <c>OnnxServable.CreateSessionOptions</c>
/// builds for the same flags (copied, not referenced): intra/inter-op threads, sequential execution unless
/// inter-op threads are set, the graph optimisation level, spinning, memory arena and memory pattern.
/// </summary>
internal sealed class EngineSession : IDisposable
{
    private EngineSession(InferenceSession session)
    {
        Session = session;
        InputNames = [.. session.InputNames];
        OutputNames = [.. session.OutputNames];
    }

    public InferenceSession Session { get; }

    public string[] InputNames { get; }

    public string[] OutputNames { get; }

    /// <summary>Loads the model from bytes, as the server does.</summary>
    public static EngineSession Load(string onnxPath, EngineSettings settings)
    {
        var model = File.ReadAllBytes(onnxPath);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = settings.InterOpThreads,
            ExecutionMode = settings.InterOpThreads > 0 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = settings.GraphOptimization switch
            {
                "disabled" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            EnableCpuMemArena = settings.CpuMemArena ?? model.Length >= (1 << 20), // the server's rule: EngineOptions.UsesCpuMemArena
            EnableMemoryPattern = settings.MemoryPattern,
        };
        var spinning = settings.AllowSpinning ? "1" : "0";
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
        return new EngineSession(new InferenceSession(model, options));
    }

    public void Dispose() => Session.Dispose();
}
