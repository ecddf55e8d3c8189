using System.Diagnostics;

namespace SealServe.Benchmarks;

/// <summary>
/// The probes' measurement on a shared machine: scenarios called in turn, round after round, each round timed by
/// wall clock and by this process's CPU time (far less disturbed by other load); medians in µs per call. The first
/// round warms up and is not recorded.
/// </summary>
public static class CpuRounds
{
    public static void Run(TextWriter output, string title, IReadOnlyList<(string Name, Action Call)> scenarios, int rounds, int callsPerRound)
    {
        var wall = scenarios.Select(_ => new List<double>()).ToArray();
        var cpu = scenarios.Select(_ => new List<double>()).ToArray();
        var process = Process.GetCurrentProcess();
        for (var round = 0; round <= rounds; round++)
        {
            for (var s = 0; s < scenarios.Count; s++)
            {
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < callsPerRound; i++)
                {
                    scenarios[s].Call();
                }

                process.Refresh();
                if (round > 0)
                {
                    wall[s].Add(clock.Elapsed.TotalMicroseconds / callsPerRound);
                    cpu[s].Add((process.TotalProcessorTime - cpuStart).TotalMicroseconds / callsPerRound);
                }
            }
        }

        output.WriteLine($"{title}; medians over {rounds} alternating rounds of {callsPerRound} calls (µs per call):");
        output.WriteLine("      wall       CPU");
        for (var s = 0; s < scenarios.Count; s++)
        {
            output.WriteLine($"  {Medians.Of(wall[s]),8:0.0}  {Medians.Of(cpu[s]),8:0.0}  {scenarios[s].Name}");
        }
    }
}
