namespace SealServe.Models.Serving;

/// <summary>The tasks of a MultiInference request, checked against the servable's signatures (<see cref="MultiInferenceRunner.Check"/>).</summary>
public sealed class MultiInferencePlan
{
    internal MultiInferencePlan(IReadOnlyList<MultiInferenceRunner.TaskPlan> tasks)
    {
        Tasks = tasks;
    }

    /// <summary>The resolved signature key of each task, in order (what each result's model spec names).</summary>
    public IReadOnlyList<string> SignatureKeys => [.. Tasks.Select(t => t.Signature.Key)];

    internal IReadOnlyList<MultiInferenceRunner.TaskPlan> Tasks { get; }
}
