namespace SealServe.Models.Engine;

/// <summary>ONNX Runtime session settings, taken from TensorFlow Serving's session flags and SealServe's <c>--engine_*</c> flags.</summary>
public sealed class EngineOptions
{
    /// <summary>Threads used inside one operator (<c>--tensorflow_intra_op_parallelism</c>); 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Threads running independent operators at once (<c>--tensorflow_inter_op_parallelism</c>); 0 runs operators
    /// one after another, a positive value switches ONNX Runtime to its parallel executor with that many threads.
    /// </summary>
    public int InterOpThreads { get; set; }

    /// <summary>
    /// Runs of one model at once (<c>--engine_max_concurrent_runs</c>); further requests wait for a run to end without
    /// holding a thread. 0 (the default) sets no bound: on the 2-core machine bounding the runs of an image model
    /// to 1 or 2 measured no better than 8 at once (docs/benchmarks.md, issue 17).
    /// </summary>
    public int MaxConcurrentRuns { get; set; }

    /// <summary>
    /// Whether idle operator threads spin before sleeping (<c>--engine_allow_spinning</c>; ONNX Runtime's
    /// <c>session.intra_op.allow_spinning</c> and <c>session.inter_op.allow_spinning</c>). Defaults to true, ONNX
    /// Runtime's default: lower latency for one request at a time. Turn off when many requests (or batch threads)
    /// share the cores, where spinning threads take CPU from working ones.
    /// </summary>
    public bool AllowSpinning { get; set; } = true;

    /// <summary>Graph rewrites at load (<c>--engine_graph_optimization_level</c>). Defaults to <see cref="GraphOptimization.All"/>.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>Models smaller than this run without the CPU memory arena unless told otherwise.</summary>
    public const long SmallModelBytes = 1 << 20;

    /// <summary>
    /// ONNX Runtime's CPU memory arena (<c>--engine_cpu_mem_arena</c>): reuses activation buffers between runs.
    /// Null (the default) chooses by model size: off below <see cref="SmallModelBytes"/>, on above. Measured on the
    /// 2-core machine (docs/benchmarks.md, "Engine options"): concurrent runs of a tiny model queue on the arena's
    /// lock (half_plus_two at concurrency 8: 11.5 µs of CPU per run with it, 4.2 without), while image models lose
    /// up to half their throughput without it.
    /// </summary>
    public bool? EnableCpuMemArena { get; set; }

    /// <summary>Whether a model of <paramref name="modelBytes"/> bytes runs with the CPU memory arena.</summary>
    public bool UsesCpuMemArena(long modelBytes) => EnableCpuMemArena ?? modelBytes >= SmallModelBytes;

    /// <summary>
    /// Memory pattern planning (<c>--engine_memory_pattern</c>): plans one allocation for a run's buffers from the
    /// shapes seen. Defaults to true; it helps when input shapes repeat.
    /// </summary>
    public bool EnableMemoryPattern { get; set; } = true;

    /// <summary>
    /// The execution provider by name (<c>--engine_execution_provider</c>), resolved through the registered
    /// <see cref="IExecutionProvider"/>s. Defaults to <c>cpu</c>, the only one built in.
    /// </summary>
    public string ExecutionProvider { get; set; } = CpuExecutionProvider.ProviderName;
}
