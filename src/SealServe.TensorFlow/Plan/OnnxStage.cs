using Onnx;

namespace SealServe.TensorFlow.Plan;

/// <summary>
/// A part of the graph translated to ONNX. Its graph inputs and outputs are named as the TF tensors they carry. An
/// input whose element type is undefined (0) is a value an earlier ONNX stage computes: whoever opens the sessions
/// takes its type from that stage's session (ONNX Runtime infers it; the importer does not).
/// </summary>
public sealed record OnnxStage(ModelProto Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) : PlanStage(Inputs, Outputs);
