using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace SealServe.Models.Engine;

/// <summary>
/// ONNX Runtime's process-wide environment, created once before any session, with telemetry off: its offline
/// event cache (<c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>) would record the executable path, the OS,
/// a device id and model names on disk. ONNX Runtime reads <c>ORT_DISABLE_TELEMETRY</c> from the native
/// environment when the environment is created, so it is set there first (<c>Environment.SetEnvironmentVariable</c>
/// changes only .NET's copy).
/// </summary>
internal static partial class OnnxRuntimeEnvironment
{
    private const string TelemetryOptOut = "ORT_DISABLE_TELEMETRY";

    private static readonly Lazy<OrtEnv> Environment = new(Create);

    /// <summary>Creates the environment on first use; every session is created after this.</summary>
    public static void EnsureCreated() => _ = Environment.Value;

    private static OrtEnv Create()
    {
        if (!OperatingSystem.IsWindows() && SetEnv(TelemetryOptOut, "1", 1) != 0)
        {
            throw new InvalidOperationException($"setenv({TelemetryOptOut}) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        var environment = OrtEnv.Instance();
        environment.DisableTelemetryEvents();
        return environment;
    }

    [LibraryImport("libc", EntryPoint = "setenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
