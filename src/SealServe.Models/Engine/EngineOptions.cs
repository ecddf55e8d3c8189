namespace SealServe.Models.Engine;

/// <summary>ONNX Runtime session settings, taken from TensorFlow Serving's session flags.</summary>
public sealed class EngineOptions
{
    /// <summary>Threads used inside one operator (<c>--tensorflow_intra_op_parallelism</c>); 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Threads running independent operators at once (<c>--tensorflow_inter_op_parallelism</c>); 0 runs operators
    /// one after another, a positive value switches ONNX Runtime to its parallel executor with that many threads.
    /// </summary>
    public int InterOpThreads { get; set; }
}
