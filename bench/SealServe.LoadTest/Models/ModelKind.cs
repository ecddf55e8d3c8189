namespace SealServe.LoadTest.Models;

/// <summary>Which targets of issue 6 a model is measured against.</summary>
internal enum ModelKind
{
    /// <summary>Milliseconds or less per run: the stack dominates; compared with the bare gRPC and JSON endpoints.</summary>
    Tiny,

    /// <summary>The engine dominates: compared with in-process ONNX Runtime, and batching on vs off.</summary>
    ComputeBound,
}
