using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Hardening;

namespace SealServe.Sealing.Legacy;

/// <summary>A plain version with <c>--legacy_cryptpb_key</c>: its <c>saved_model.pb</c> is decrypted as the old fork's cryptpb; the old fork left every other file in clear.</summary>
internal sealed class LegacyVersionFiles(string directory, SealingOptions options, ProcessHardening hardening, ILogger logger) : IVersionFiles
{
    private const string LegacyFileName = "saved_model.pb";

    public string Directory { get; } = directory;

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Directory, relativePath));

    public ModelFileBuffer ReadAll(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        var bytes = File.ReadAllBytes(path);
        if (relativePath != LegacyFileName)
        {
            return new ModelFileBuffer(bytes);
        }

        hardening.EnsureApplied();
        var plaintext = CryptpbReader.TryDecrypt(bytes, options.LegacyCryptpbKey, options.LegacyCryptpbIv) ?? throw SealingErrors.Legacy(path);
        SealingLog.LegacyDecrypted(logger, path);
        return new ModelFileBuffer(plaintext);
    }

    public void VerifyUnread(CancellationToken cancellationToken)
    {
    }
}
