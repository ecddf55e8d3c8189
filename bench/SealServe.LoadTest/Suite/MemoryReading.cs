namespace SealServe.LoadTest.Suite;

/// <summary>Resident set of the <c>sealserve</c> process for one model in one run: once loaded and idle, and right after the load.</summary>
internal sealed record MemoryReading(int Run, string Model, double LoadedMiB, double AfterLoadMiB, double PeakMiB);
