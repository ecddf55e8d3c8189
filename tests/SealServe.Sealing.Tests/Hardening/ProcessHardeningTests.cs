using SealServe.Sealing.Hardening;

namespace SealServe.Sealing.Tests.Hardening;

public sealed class ProcessHardeningTests
{
    [Fact]
    public void EnsureApplied_Linux_TurnsOffCoreDumpsAndDumpability()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "prctl and RLIMIT_CORE are Linux hardening");
        var logger = new ListLogger<ProcessHardening>();

        new ProcessHardening(logger).EnsureApplied();

        Assert.Equal(0, ProcessHardening.CurrentDumpable());
        var coreLimit = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal));
        Assert.Matches(@"^Max core file size\s+0\s+0\s", coreLimit);
        Assert.Equal("1", NativeEnvironment("ORT_DISABLE_TELEMETRY"));
        Assert.Equal(["Information 2002: Process hardened for sealed models: core dumps disabled (RLIMIT_CORE 0), not dumpable (PR_SET_DUMPABLE 0: no ptrace attach by other users), ONNX Runtime telemetry cache off"], logger.Lines);
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

    /// <summary>The process's native environment (what ONNX Runtime sees), not .NET's copy of it.</summary>
    private static string? NativeEnvironment(string name) => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(GetEnv(name));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern nint GetEnv([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name);
}
