using SealServe.Core.Errors;

namespace SealServe.Models.Management;

/// <summary>Which load failures are worth another attempt (<c>--max_num_load_retries</c>).</summary>
internal static class LoadFailures
{
    /// <summary>
    /// Only I/O may heal: a file being copied, a storage hiccup. A wrong key, a tampered or expired sealed file, an
    /// unsupported op or a timeout fails the same way every time, so the version fails at once with the reason.
    /// </summary>
    public static bool MayHeal(Exception error) =>
        error is IOException or UnauthorizedAccessException
        || error.InnerException is IOException
        || error is ServingException { Code: StatusCode.Unavailable };
}
