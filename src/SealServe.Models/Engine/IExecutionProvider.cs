using Microsoft.ML.OnnxRuntime;

namespace SealServe.Models.Engine;

/// <summary>
/// Where ONNX Runtime runs a model (CPU, later CUDA...): chosen by <see cref="EngineOptions.ExecutionProvider"/>
/// and resolved by <see cref="Name"/> from DI, so adding one is a new class and a registration, not a server change.
/// </summary>
public interface IExecutionProvider
{
    /// <summary>The name used in options and flags (<c>cpu</c>).</summary>
    string Name { get; }

    /// <summary>Adds the provider to a session's options (ONNX Runtime falls back to the CPU for unsupported nodes).</summary>
    void Append(SessionOptions sessionOptions, EngineOptions options);
}
