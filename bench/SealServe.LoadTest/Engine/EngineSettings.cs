using System.Globalization;

namespace SealServe.LoadTest.Engine;

/// <summary>
/// The engine knobs of a <c>sealserve serve</c> command line (TF Serving's parallelism flags and the
/// <c>--engine_*</c> flags), read back so the in-process baseline runs with the same session options.
/// Defaults are the server's defaults.
/// </summary>
internal sealed record EngineSettings(int IntraOpThreads = 0, int InterOpThreads = 0, bool AllowSpinning = true, bool? CpuMemArena = null, bool MemoryPattern = true, string GraphOptimization = "all")
{
    public static EngineSettings FromServerFlags(IEnumerable<string> flags)
    {
        var settings = new EngineSettings();
        long session = 0;
        foreach (var flag in flags)
        {
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? flag : flag[..equals];
            var value = equals < 0 ? "true" : flag[(equals + 1)..];
            settings = name switch
            {
                "--tensorflow_intra_op_parallelism" => settings with { IntraOpThreads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--tensorflow_inter_op_parallelism" => settings with { InterOpThreads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--engine_allow_spinning" => settings with { AllowSpinning = Bool(value) },
                "--engine_cpu_mem_arena" => settings with { CpuMemArena = Bool(value) },
                "--engine_memory_pattern" => settings with { MemoryPattern = Bool(value) },
                "--engine_graph_optimization_level" => settings with { GraphOptimization = value.ToLowerInvariant() },
                _ => settings,
            };
            if (name == "--tensorflow_session_parallelism")
            {
                session = long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        // As ServeCommand.ApplyParallelism: the session flag fills whichever of the two is not set.
        return session > 0
            ? settings with
            {
                IntraOpThreads = settings.IntraOpThreads > 0 ? settings.IntraOpThreads : (int)session,
                InterOpThreads = settings.InterOpThreads > 0 ? settings.InterOpThreads : (int)session,
            }
            : settings;
    }

    private static bool Bool(string value) => value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);
}
