using System.Globalization;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;

namespace SealServe.Models.Batching;

/// <summary>What the merge probe found for one signature: the most rows a run may merge, and the numbers behind it.</summary>
/// <param name="MaxRows">Rows one merged run may take; 1: requests run alone, concurrently, as without batching.</param>
/// <param name="Summary">For the log: the CPU per item at batch 1 and the gain at each size.</param>
internal sealed record MergeDecision(int MaxRows, string Summary)
{
    /// <summary>Requests of this signature bypass the batch queue.</summary>
    public bool RunsAlone => MaxRows == 1;
}

/// <summary>
/// At load, before warmup: runs a signature on the engine alone at batch 1 and at the sizes batches may take
/// (<see cref="MergePolicy.ProbeSizes"/>), one warm-up run each and then <see cref="Rounds"/> rounds, timing each
/// run's CPU, and lets <see cref="MergePolicy"/> decide. Only signatures it can feed (numeric inputs whose dimensions after the first
/// are all known) of engines that are pure functions of their inputs (ONNX sessions: no variables a run could
/// change) are probed; others merge as configured.
/// </summary>
internal static class MergeProbe
{
    /// <summary>Rounds of runs at every size; the decision takes the cheapest run of each size.</summary>
    public const int Rounds = 5;

    /// <summary>CPU a sample should hold at least (a run of a tiny model is repeated).</summary>
    public const double MinSampleSeconds = 0.002;

    /// <summary>Input bytes of the largest probe batch beyond which a signature is not probed (memory at load).</summary>
    public const long MaxProbeBytes = 64L << 20;

    public static MergeDecision? Decide(IServable servable, Signature signature, BatchingOptions options, CancellationToken cancellationToken)
    {
        var sizes = MergePolicy.ProbeSizes((int)options.ExecutionBatchSizeLimit, options.AllowedBatchSizes);
        if (sizes.Length == 1 || !IsPure(servable, signature.Key) || !TryShapes(signature, sizes[^1], out var specs))
        {
            return null;
        }

        var inputNames = specs.Select(s => s.Name).ToArray();
        var outputNames = signature.Outputs.Values.Select(s => s.Name).ToArray();
        var inputs = sizes.Select(size => specs.Select(s => Tensor.Allocate(s.DataType, new TensorShape([size, .. s.Shape!.Dims.Skip(1).Select(d => d.Size)]))).ToArray()).ToArray();
        try
        {
            // The process's CPU time, not the clock's: a run's waits for descheduled operator threads on a loaded
            // machine cost time but no CPU, and a saturated server's throughput is its cores over the CPU per item.
            // A tiny model's run is repeated until a sample holds enough CPU to measure.
            var repeats = new int[sizes.Length];
            double Sample(int index)
            {
                var start = Environment.CpuUsage.TotalTime;
                for (var k = 0; k < repeats[index]; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var run = servable.RunAsync(signature, inputNames, inputs[index], outputNames, cancellationToken);
                    BatchTask.Dispose(run.IsCompletedSuccessfully ? run.Result : run.AsTask().GetAwaiter().GetResult());
                }

                return (Environment.CpuUsage.TotalTime - start).TotalSeconds / repeats[index];
            }

            for (var i = 0; i < sizes.Length; i++)
            {
                repeats[i] = 1;
                Sample(i);
                repeats[i] = (int)Math.Clamp(MinSampleSeconds / Math.Max(Sample(i), 1e-6), 1, 1000);
            }

            // Sizes taken in turn, every other round backwards, so a change of the machine's load falls on all of them.
            var seconds = new double[Rounds][];
            for (var r = 0; r < Rounds; r++)
            {
                seconds[r] = new double[sizes.Length];
                for (var k = 0; k < sizes.Length; k++)
                {
                    var i = r % 2 == 0 ? k : sizes.Length - 1 - k;
                    seconds[r][i] = Sample(i);
                }
            }

            var gains = MergePolicy.Gains(sizes, seconds);
            var maxRows = MergePolicy.MaxMergeRows(sizes, gains, (int)options.ExecutionBatchSizeLimit);
            var batchOne = seconds.Min(s => s[0]) * 1000;
            var summary = string.Create(CultureInfo.InvariantCulture, $"batch 1: {batchOne:F2} ms of CPU per item; items per CPU second over batch 1: ") +
                string.Join(", ", sizes.Skip(1).Select((size, i) => string.Create(CultureInfo.InvariantCulture, $"{size}: {gains[i + 1]:F2}×"))) +
                string.Create(CultureInfo.InvariantCulture, $" (cheapest of {Rounds} runs each; merging needs {MergePolicy.MinGain:F1}×)");
            return new MergeDecision(maxRows, summary);
        }
        finally
        {
            foreach (var tensors in inputs)
            {
                BatchTask.Dispose(tensors);
            }
        }
    }

    /// <summary>Engines whose runs change nothing: an ONNX session, alone or as a SavedModel signature's whole plan.</summary>
    private static bool IsPure(IServable servable, string signatureKey) =>
        servable is OnnxServable || (servable is SavedModelServable saved && saved.RouteOf(signatureKey) is OnnxServable);

    /// <summary>
    /// The inputs in the signature's order when each is numeric with a free dimension 0 and known dimensions after it,
    /// and <paramref name="rows"/> rows of them fit in <see cref="MaxProbeBytes"/>.
    /// </summary>
    private static bool TryShapes(Signature signature, int rows, out TensorSpec[] specs)
    {
        specs = [.. signature.Inputs.Values];
        if (specs.Length == 0 || !BatchQueue.DeclaresBatchDimension(signature, [.. signature.Outputs.Values.Select(s => s.Name)]))
        {
            return false;
        }

        long bytes = 0;
        foreach (var spec in specs)
        {
            if (spec.DataType == DataType.String || DataTypes.ElementSize(spec.DataType) == 0 || spec.Shape is not { UnknownRank: false } shape
                || shape.Dims.Skip(1).Any(d => d.Size < 0))
            {
                return false;
            }

            bytes += shape.Dims.Skip(1).Aggregate((long)rows * DataTypes.ElementSize(spec.DataType), (total, d) => total > MaxProbeBytes || d.Size > MaxProbeBytes ? MaxProbeBytes + 1 : total * d.Size);
        }

        return bytes <= MaxProbeBytes;
    }
}
