using System.Globalization;
using SealServe.Core.Errors;

namespace SealServe.Sealing;

/// <summary>
/// The failures of sealed files, each naming the file and the reason, never a key. One place, so the
/// server, the command line and the tests speak the same words.
/// </summary>
internal static class SealingErrors
{
    public static ServingException UnsupportedVersion(string file, int version) =>
        new(StatusCode.Unimplemented, $"{file}: sealed-file format version {version} is not supported (this build reads version 1)");

    public static ServingException DamagedMagic(string file) =>
        new(StatusCode.DataLoss, $"{file}: damaged sealed-file header (its magic bytes were altered)");

    public static ServingException Malformed(string file, string detail) =>
        new(StatusCode.DataLoss, $"{file}: malformed sealed-file header ({detail})");

    public static ServingException NoKeys(string file, string keyId) =>
        new(StatusCode.FailedPrecondition, $"{file}: sealed with key {keyId}, but no key is configured (--key_file, --key_env or --key_command)");

    public static ServingException UnknownKey(string file, string keyId, IEnumerable<string> configured) =>
        new(StatusCode.PermissionDenied, $"{file}: sealed with key {keyId}, which is not among the configured keys ({string.Join(", ", configured)}): wrong key");

    public static ServingException HeaderAuthentication(string file, string keyId) =>
        new(StatusCode.DataLoss, $"{file}: sealed-file header failed authentication with key {keyId}: the header was tampered with");

    public static ServingException Moved(string file, string boundPath, string actualPath) =>
        new(StatusCode.FailedPrecondition, $"{file}: sealed for '{boundPath}' but found at '{actualPath}': a sealed file cannot be moved to another path, version or model");

    public static ServingException Expired(string file, DateTimeOffset notAfter) =>
        new(StatusCode.FailedPrecondition, $"{file}: expired: sealed to be served until {Format(notAfter)}");

    public static ServingException Truncated(string file, long missing) =>
        new(StatusCode.DataLoss, $"{file}: truncated: {missing} byte(s) of sealed data are missing");

    public static ServingException Appended(string file, long extra) =>
        new(StatusCode.DataLoss, $"{file}: {extra} unexpected byte(s) after the last sealed chunk: data was appended");

    public static ServingException ChunkAuthentication(string file, long index, long count) =>
        new(StatusCode.DataLoss, $"{file}: chunk {index} of {count} failed authentication: tampered, reordered or corrupted");

    public static ServingException TooLarge(string file, long length) =>
        new(StatusCode.ResourceExhausted, $"{file}: {length} bytes is more than one in-memory buffer holds ({Array.MaxLength})");

    public static ServingException MalformedManifest(string file, string detail) =>
        new(StatusCode.DataLoss, $"{file}: malformed sealed manifest ({detail})");

    public static ServingException ManifestMissing(string manifest) =>
        new(StatusCode.DataLoss, $"{manifest}: missing, yet the version holds sealed files: the manifest was deleted, or the version was sealed before manifests existed (seal it again)");

    /// <param name="problems">One entry per file, each <c>&lt;file&gt;: &lt;reason&gt;</c>.</param>
    public static ServingException NotAsSealed(string versionDirectory, IEnumerable<string> problems) =>
        new(StatusCode.DataLoss, $"{versionDirectory}: not the version that was sealed: {string.Join("; ", problems)}");

    public static string MissingFromVersion(string file) => $"{file}: missing: the version's sealed manifest lists it";

    public static string PlainInSealedVersion(string file) => $"{file}: a plain file in a sealed version (sealed and plain files never mix)";

    public static string NotInManifest(string file) => $"{file}: not in the version's sealed manifest: added after sealing";

    public static ServingException NotThisSealing(string file) =>
        new(StatusCode.DataLoss, $"{file}: not the file sealed with this version (its seal id is not the manifest's): another sealing of the same path was put in its place");

    public static ServingException PlainRefused(string versionDirectory) =>
        new(StatusCode.FailedPrecondition, $"{versionDirectory}: plain model files are refused (--require_sealed_models): seal the version with 'sealserve seal'");

    public static ServingException AlreadySealed(string file) =>
        new(StatusCode.AlreadyExists, $"{file}: already sealed");

    public static ServingException NotSealed(string file) =>
        new(StatusCode.InvalidArgument, $"{file}: not a sealed file");

    public static ServingException Legacy(string file) =>
        new(StatusCode.DataLoss, $"{file}: cannot decrypt the legacy cryptpb file: wrong --legacy_cryptpb_key or --legacy_cryptpb_iv, or not an encrypted file");

    /// <summary>The reason alone, for output that already names the file.</summary>
    public static string ReasonOf(ServingException error, string file) =>
        error.Message.StartsWith(file + ": ", StringComparison.Ordinal) ? error.Message[(file.Length + 2)..] : error.Message;

    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
