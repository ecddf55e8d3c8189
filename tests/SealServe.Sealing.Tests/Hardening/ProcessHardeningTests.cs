using SealServe.Sealing.Hardening;

namespace SealServe.Sealing.Tests.Hardening;

public sealed class ProcessHardeningTests
{
    [Fact]
    public void EnsureApplied_Linux_TurnsOffCoreDumpsAndDumpabilityAndReportsTheDiagnosticsPort()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "prctl and RLIMIT_CORE are Linux hardening");
        Assert.SkipWhen(Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0", "the test host runs with DOTNET_EnableDiagnostics=0; this test expects its diagnostics port open");
        var logger = new ListLogger<ProcessHardening>();

        new ProcessHardening(logger).EnsureApplied();

        Assert.Equal(0, ProcessHardening.CurrentDumpable());
        var coreLimit = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal));
        Assert.Matches(@"^Max core file size\s+0\s+0\s", coreLimit);
        Assert.Equal(["Warning 2003: Process hardening for sealed models is incomplete: the .NET diagnostics port is open (DOTNET_EnableDiagnostics is not 0): a process of the same user can ask it for a dump"], logger.Lines);
    }

    [Fact]
    public void EnsureApplied_Twice_LogsOnce()
    {
        var logger = new ListLogger<ProcessHardening>();
        var hardening = new ProcessHardening(logger);

        hardening.EnsureApplied();
        hardening.EnsureApplied();

        Assert.Single(logger.Lines);
    }
}
