namespace SealServe.LoadTest.Load;

/// <summary>The raw record of one measured window: every latency (Stopwatch ticks), failures, wall and server CPU seconds.</summary>
internal sealed record LoadSlice(long[] Ticks, long Errors, double Seconds, double ServerCpuSeconds);
