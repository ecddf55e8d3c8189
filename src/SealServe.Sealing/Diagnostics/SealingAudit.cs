using Microsoft.Extensions.Logging;

namespace SealServe.Sealing.Diagnostics;

/// <summary>Audit lines of sealing (category <see cref="Core.Diagnostics.Audit.Category"/>, event ids 21xx): key ids and paths, never a key.</summary>
internal static partial class SealingAudit
{
    [LoggerMessage(2101, LogLevel.Information, "Key used: {KeyId} for {Path}: {Result}")]
    public static partial void KeyUsed(ILogger logger, string keyId, string path, string result);
}
