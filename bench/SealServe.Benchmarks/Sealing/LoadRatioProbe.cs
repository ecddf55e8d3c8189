using System.Diagnostics;

namespace SealServe.Benchmarks.Sealing;

/// <summary>
/// Sealed vs plain load time on a shared machine: loads alternate (plain, sealed, plain, ...) so a change in the
/// machine's load hits both alike, and the medians of wall-clock and CPU time are compared. Run with <c>-- --load-ratio</c>.
/// </summary>
public static class LoadRatioProbe
{
    private const int Rounds = 25;

    public static void Run(TextWriter output)
    {
        var benchmarks = new LoadBenchmarks();
        benchmarks.Setup();
        try
        {
            var plain = new List<(double Wall, double Cpu)>();
            var sealedLoads = new List<(double Wall, double Cpu)>();
            benchmarks.LoadPlain();
            benchmarks.LoadSealed();
            for (var round = 0; round < Rounds; round++)
            {
                plain.Add(Time(benchmarks.LoadPlain));
                sealedLoads.Add(Time(benchmarks.LoadSealed));
            }

            var (plainWall, plainCpu) = (Medians.Of(plain.Select(p => p.Wall)), Medians.Of(plain.Select(p => p.Cpu)));
            var (sealedWall, sealedCpu) = (Medians.Of(sealedLoads.Select(p => p.Wall)), Medians.Of(sealedLoads.Select(p => p.Cpu)));
            output.WriteLine($"load, median of {Rounds}: plain {plainWall:0.0} ms wall / {plainCpu:0.0} ms CPU; sealed {sealedWall:0.0} ms wall / {sealedCpu:0.0} ms CPU; "
                + $"sealed / plain = {sealedWall / plainWall:0.00} wall, {sealedCpu / plainCpu:0.00} CPU");
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static (double Wall, double Cpu) Time(Action load)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        load();
        return (wall.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    }
}
