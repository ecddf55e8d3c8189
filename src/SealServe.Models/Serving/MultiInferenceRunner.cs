using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>
/// TF Serving's MultiInference: several classify and regress tasks over one set of examples, checked as TF Serving does
/// (<see cref="Check"/>: distinct signatures, known methods, one input tensor for all), then one engine run fetching
/// every output the tasks read, each task's result read from it.
/// </summary>
public static class MultiInferenceRunner
{
    /// <summary>Checks the tasks against the servable's signatures (before the examples are read, as in TF Serving).</summary>
    public static MultiInferencePlan Check(IServable servable, IReadOnlyList<MultiInferenceTask> tasks, bool checkMethodName) => new(Plan(servable, tasks, checkMethodName));

    public static async Task<MultiInferenceResult> RunAsync(IServable servable, MultiInferencePlan checkedTasks, Tensor examples, CancellationToken cancellationToken)
    {
        var plans = checkedTasks.Tasks;
        var outputNames = plans.SelectMany(p => p.Outputs).Distinct(StringComparer.Ordinal).ToArray();
        var outputs = await servable.RunAsync(plans[0].Signature, [plans[0].Input], [examples], outputNames, cancellationToken).ConfigureAwait(false);
        try
        {
            Tensor Output(string? name) => outputs[Array.IndexOf(outputNames, name)];
            var results = new List<object>(plans.Count);
            foreach (var plan in plans)
            {
                results.Add(plan.Classification is { } classify
                    ? ClassificationResult.FromOutputs(classify.Signature.Key, classify.Classes is null ? null : Output(classify.Classes), classify.Scores is null ? null : Output(classify.Scores), examples.Shape[0], ownsOutputs: false)
                    : RegressionResult.FromOutput(plan.Signature.Key, Output(plan.Regression!.Output), examples.Shape[0], ownsOutput: false));
            }

            return new MultiInferenceResult(results, outputs);
        }
        catch
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }

            throw;
        }
    }

    internal static List<TaskPlan> Plan(IServable servable, IReadOnlyList<MultiInferenceTask> tasks, bool checkMethodName)
    {
        var plans = new List<TaskPlan>(tasks.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var key = task.SignatureName.Length == 0 ? Signature.DefaultKey : task.SignatureName;
            if (!seen.Add(key))
            {
                throw ServingException.InvalidArgument($"Duplicate evaluation of signature: {key}");
            }

            if (!servable.Signatures.TryGetValue(key, out var signature))
            {
                throw ServingException.InvalidArgument($"Requested signature not found in model graph: {key}");
            }

            var plan = task.MethodName switch
            {
                Signature.ClassifyMethod => new TaskPlan(InferenceSignatures.ForClassification(signature, checkMethodName), null),
                Signature.RegressMethod => new TaskPlan(null, InferenceSignatures.ForRegression(signature, checkMethodName)),
                _ => throw ServingException.Unimplemented($"Unsupported signature method_name: {task.MethodName}"),
            };
            if (plans.Count > 0 && plan.Input != plans[0].Input)
            {
                throw ServingException.InvalidArgument("Input tensor must be the same for all Signatures.");
            }

            plans.Add(plan);
        }

        return plans.Count > 0 ? plans : throw ServingException.InvalidArgument("MultiInferenceRequest has no tasks.");
    }

    /// <summary>A task checked against its signature: what it feeds and fetches.</summary>
    internal sealed record TaskPlan(ClassificationSignature? Classification, RegressionSignature? Regression)
    {
        public Signature Signature => Classification?.Signature ?? Regression!.Signature;

        public string Input => Classification?.Input ?? Regression!.Input;

        public IEnumerable<string> Outputs => Classification?.OutputNames ?? [Regression!.Output];
    }
}
