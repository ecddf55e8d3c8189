using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Storage;

namespace SealServe.Sealing.Legacy;

/// <summary>A plain version with <c>--legacy_cryptpb_key</c>: its <c>saved_model.pb</c> is decrypted as the old fork's cryptpb; the old fork left every other file in clear.</summary>
internal sealed class LegacyVersionFiles(IStoredVersion version, SealingOptions options, ProcessHardening hardening, ILogger logger) : IVersionFiles
{
    private const string LegacyFileName = "saved_model.pb";

    public string Directory => version.Location;

    public bool Exists(string relativePath) => version.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeFolder) => PlainVersionFiles.Under(version.ListFiles(), relativeFolder);

    public ModelFileBuffer ReadAll(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        var bytes = version.ReadAll(relativePath);
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
