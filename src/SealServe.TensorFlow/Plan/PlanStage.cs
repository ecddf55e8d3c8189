namespace SealServe.TensorFlow.Plan;

/// <summary>One step of a <see cref="ServingPlan"/>: the values it reads and the values it writes (TF tensor names, <c>node:k</c>).</summary>
public abstract record PlanStage(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
