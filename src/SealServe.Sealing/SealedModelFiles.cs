using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Core.Diagnostics;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Legacy;
using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>
/// The server's <see cref="IModelFiles"/> with sealing on. A version folder holding any sealed file (or a
/// manifest) is a sealed version: it must match its sealed manifest and hold no plain file, and every file is
/// authenticated and decrypted into memory (never to disk). Other versions are plain: refused with
/// <c>--require_sealed_models</c>, else read as they are (or, with a legacy key, with <c>saved_model.pb</c>
/// decrypted as the old fork's cryptpb). Plain and sealed versions of one model can be served side by side.
/// </summary>
internal sealed class SealedModelFiles(
    KeyRing keys,
    SealingOptions options,
    ProcessHardening hardening,
    TimeProvider time,
    ILogger<SealedModelFiles> logger,
    SealingMetrics? metrics = null,
    ILoggerFactory? loggers = null) : IModelFiles
{
    private readonly FileUnsealer unsealer = new(keys, hardening, time, logger, loggers?.CreateLogger(Audit.Category) ?? NullLogger.Instance, metrics);

    public IVersionFiles Open(IStoredVersion version)
    {
        var files = VersionFolder.Classify(version);
        if (VersionFolder.IsSealed(files))
        {
            return SealedVersionFiles.Open(version, files, unsealer);
        }

        if (options.RequireSealedModels)
        {
            throw SealingErrors.PlainRefused(version.Location);
        }

        return options.LegacyCryptpbKey is null
            ? new PlainVersionFiles(version)
            : new LegacyVersionFiles(version, options, hardening, logger);
    }
}
