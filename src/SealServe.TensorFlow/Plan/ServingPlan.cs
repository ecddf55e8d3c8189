using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Plan;

/// <summary>
/// How to compute a cut of a TensorFlow graph: stages run in order over a table of values named by TF tensor
/// (<c>node:k</c>). ONNX stages are translated parts of the graph, run by ONNX Runtime; kernel stages are single nodes
/// of ops ONNX lacks, run in C# (<see cref="Kernels.IHostKernel"/>). A graph without such ops is one ONNX stage.
/// </summary>
/// <param name="Inputs">The fed tensors, with their element types and declared shapes.</param>
/// <param name="Stages">The stages, in run order: each reads values fed or computed by earlier stages.</param>
/// <param name="Outputs">The tensors the plan computes. A pure ONNX plan keeps the names as requested; a staged plan names
/// every value (inputs, outputs, stage values) in <see cref="ValueName"/>'s form.</param>
public sealed record ServingPlan(IReadOnlyList<GraphInput> Inputs, IReadOnlyList<PlanStage> Stages, IReadOnlyList<string> Outputs)
{
    /// <summary>True when the plan is one ONNX model computing every output (what <c>sealserve convert</c> can write).</summary>
    public bool IsPureOnnx => Stages is [OnnxStage];

    /// <summary>The kernel stages, e.g. to say which ops keep a plan from being pure ONNX.</summary>
    public IEnumerable<KernelStage> Kernels => Stages.OfType<KernelStage>();

    /// <summary>The name a value has in a staged plan: TensorFlow's <c>node:k</c> form of a tensor name (<c>y</c> is <c>y:0</c>).</summary>
    public static string ValueName(string tensor) => Translation.Graph.TensorName.Normalize(tensor);
}
