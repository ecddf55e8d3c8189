using System.CommandLine;
using SealServe.Core.Errors;
using SealServe.Models.Engine;

namespace SealServe.Cli.Commands.Serve;

/// <summary>SealServe's ONNX Runtime session flags (<c>--engine_*</c>), beside TF Serving's parallelism flags.</summary>
internal static class EngineFlags
{
    private static readonly EngineOptions Defaults = new();

    public static readonly Option<string> ExecutionProvider = TfServingFlags.Text(
        "--engine_execution_provider", Defaults.ExecutionProvider, "Where models run: cpu (the only provider built in).");

    public static readonly Option<string> GraphOptimizationLevel = TfServingFlags.Text(
        "--engine_graph_optimization_level", "all", "Graph rewrites at load: disabled, basic, extended or all.");

    public static readonly Option<bool> AllowSpinning = TfServingFlags.Bool(
        "--engine_allow_spinning", Defaults.AllowSpinning, "Let idle operator threads spin before sleeping: lower latency for one request at a time, wasted CPU when many run at once.", defaultText: "true; false with --enable_batching");

    public static readonly Option<bool> CpuMemArena = TfServingFlags.Bool(
        "--engine_cpu_mem_arena", true, "Reuse engine buffers between runs (ONNX Runtime's CPU memory arena). By default on for models of 1 MiB or more, off for smaller ones, whose concurrent runs queue on the arena's lock.", defaultText: "by model size");

    public static readonly Option<bool> MemoryPattern = TfServingFlags.Bool(
        "--engine_memory_pattern", Defaults.EnableMemoryPattern, "Plan one allocation per run from the shapes seen (ONNX Runtime's memory pattern).");

    public static readonly Option<int> MaxConcurrentRuns = new("--engine_max_concurrent_runs")
    {
        Description = "Runs of one model at once; more requests wait for a free run without holding a thread. 0: no bound.",
        DefaultValueFactory = _ => Defaults.MaxConcurrentRuns,
    };

    public static IEnumerable<Option> All => [ExecutionProvider, GraphOptimizationLevel, AllowSpinning, CpuMemArena, MemoryPattern, MaxConcurrentRuns];

    /// <summary>
    /// Copies the flags into <paramref name="engine"/>; INVALID_ARGUMENT for an unknown optimization level. With
    /// batching, spinning is off unless asked for: operator threads spinning between batches took 25 % more CPU per
    /// request than batching saved (docs/benchmarks.md, "Batching").
    /// </summary>
    public static void Apply(ParseResult result, EngineOptions engine, bool batching)
    {
        var level = result.GetValue(GraphOptimizationLevel) ?? string.Empty;
        engine.GraphOptimization = Enum.TryParse<GraphOptimization>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw ServingException.InvalidArgument($"--engine_graph_optimization_level must be disabled, basic, extended or all; was '{level}'");
        engine.ExecutionProvider = result.GetValue(ExecutionProvider) is { Length: > 0 } provider ? provider : Defaults.ExecutionProvider;
        engine.AllowSpinning = result.GetResult(AllowSpinning) is { Implicit: false } ? result.GetValue(AllowSpinning) : !batching;
        engine.EnableCpuMemArena = result.GetResult(CpuMemArena) is { Implicit: false } ? result.GetValue(CpuMemArena) : null;
        engine.EnableMemoryPattern = result.GetValue(MemoryPattern);
        var runs = result.GetValue(MaxConcurrentRuns);
        engine.MaxConcurrentRuns = runs >= 0 ? runs : throw ServingException.InvalidArgument($"--engine_max_concurrent_runs must be 0 (no bound) or more; was {runs}");
    }
}
