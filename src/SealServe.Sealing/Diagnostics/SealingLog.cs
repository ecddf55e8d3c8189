using Microsoft.Extensions.Logging;

namespace SealServe.Sealing.Diagnostics;

/// <summary>Log messages of sealing. Key ids and paths only: never key material, key flag values or plaintext.</summary>
internal static partial class SealingLog
{
    [LoggerMessage(EventIds.KeysLoaded, LogLevel.Information, "Sealed models enabled with {KeyCount} key(s): {KeyIds}")]
    public static partial void KeysLoaded(ILogger logger, int keyCount, string keyIds);

    [LoggerMessage(EventIds.ProcessHardened, LogLevel.Information, "Process hardened for sealed models: core dumps disabled (RLIMIT_CORE 0), not dumpable (PR_SET_DUMPABLE 0: no ptrace attach by other users), no crash dumps, .NET diagnostics off (DOTNET_EnableDiagnostics=0)")]
    public static partial void ProcessHardened(ILogger logger);

    [LoggerMessage(EventIds.HardeningUnavailable, LogLevel.Warning, "Process hardening for sealed models is incomplete: {Reason}")]
    public static partial void HardeningUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventIds.Unsealed, LogLevel.Debug, "Unsealed {Path} in memory ({Bytes} bytes, key {KeyId})")]
    public static partial void Unsealed(ILogger logger, string path, long bytes, string keyId);

    [LoggerMessage(EventIds.LegacyDecrypted, LogLevel.Information, "Decrypted legacy cryptpb file {Path} in memory")]
    public static partial void LegacyDecrypted(ILogger logger, string path);

    [LoggerMessage(EventIds.KeyFileExposed, LogLevel.Warning, "Key file {Path} can be read by other users (mode {Mode}); chmod 600 it")]
    public static partial void KeyFileExposed(ILogger logger, string path, string mode);
}
