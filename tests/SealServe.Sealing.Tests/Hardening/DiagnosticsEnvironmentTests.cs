using SealServe.Sealing.Hardening;

namespace SealServe.Sealing.Tests.Hardening;

public sealed class DiagnosticsEnvironmentTests
{
    [Theory]
    [InlineData("DOTNET_DbgEnableMiniDump", "1", "DOTNET_DbgEnableMiniDump=1")]
    [InlineData("COMPlus_DbgEnableMiniDump", "1", "COMPlus_DbgEnableMiniDump=1")]
    [InlineData("DOTNET_EnableCrashReport", "1", "DOTNET_EnableCrashReport=1")]
    [InlineData("DOTNET_EnableCrashReportOnly", "true", "DOTNET_EnableCrashReportOnly=true")]
    [InlineData("DOTNET_DbgEnableMiniDump", "0", null)]
    [InlineData("DOTNET_DbgMiniDumpName", "/tmp/d", null)]
    public void DumpRequest_Variable_NamesWhatAsksForDumps(string name, string value, string? expected)
    {
        var request = DiagnosticsEnvironment.DumpRequest(v => v == name ? value : null);

        Assert.Equal(expected, request);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", null, true)]
    [InlineData("1", "0", false)]
    [InlineData(null, "0", true)]
    public void DiagnosticsOff_DotnetPrefixWinsOverComPlus(string? dotnet, string? complus, bool off)
    {
        var result = DiagnosticsEnvironment.DiagnosticsOff(v => v switch
        {
            "DOTNET_EnableDiagnostics" => dotnet,
            "COMPlus_EnableDiagnostics" => complus,
            _ => null,
        });

        Assert.Equal(off, result);
    }
}
