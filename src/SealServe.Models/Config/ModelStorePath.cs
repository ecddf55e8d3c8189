namespace SealServe.Models.Config;

/// <summary>
/// Where a base path points: a local folder or a URI (<c>s3://</c>, <c>gs://</c>, ...). SealServe reads local folders
/// and <c>s3://</c>; <see cref="Validation.BasePathValidator"/> is the one place that refuses other schemes, and
/// <see cref="Sources.ModelSources"/> picks the source of each kind.
/// </summary>
public static class ModelStorePath
{
    /// <summary>A URI as TF Serving's <c>io::ParseURI</c> sees one: <c>[a-zA-Z][a-zA-Z0-9.]*://</c>.</summary>
    public static bool TryGetUriScheme(string path, out string scheme)
    {
        var separator = path.IndexOf("://", StringComparison.Ordinal);
        scheme = separator > 0 ? path[..separator] : string.Empty;
        return scheme.Length > 0 && char.IsAsciiLetter(scheme[0]) && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c == '.');
    }

    /// <summary>A command-line base path: a URI as given, a folder made absolute against the current folder.</summary>
    public static string FromCommandLine(string path) => TryGetUriScheme(path, out _) ? path : Path.GetFullPath(path);
}
