using Microsoft.ML.OnnxRuntime;

namespace SealServe.Models.Engine;

/// <summary>ONNX Runtime's own CPU provider, always present: nothing to add.</summary>
public sealed class CpuExecutionProvider : IExecutionProvider
{
    /// <summary>The provider's name in <see cref="EngineOptions.ExecutionProvider"/>.</summary>
    public const string ProviderName = "cpu";

    /// <summary>A shared instance (the provider has no state).</summary>
    public static CpuExecutionProvider Instance { get; } = new();

    public string Name => ProviderName;

    public void Append(SessionOptions sessionOptions, EngineOptions options)
    {
    }
}
