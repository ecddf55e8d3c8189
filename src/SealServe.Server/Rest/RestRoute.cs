using System.Globalization;
using System.Text.RegularExpressions;
using SealServe.Core.Errors;

namespace SealServe.Server.Rest;

/// <summary>What a <c>/v1/...</c> request asks for.</summary>
internal enum RestAction
{
    Status,
    Metadata,
    Predict,
    Classify,
    Regress,
}

/// <summary>
/// A parsed REST path. Matching follows TF Serving exactly: its two regular expressions against the raw
/// path (case-insensitive), then percent-decoding of the names, then case-sensitive checks of the verb.
/// </summary>
internal sealed partial record RestRoute(RestAction Action, string ModelName, long? Version, string? Label)
{
    [GeneratedRegex(@"^/v1/models/([^/:]+)(?:(?:/versions/(\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostPattern();

    [GeneratedRegex(@"^/v1/models(?:/([^/:]+))?(?:(?:/versions/(\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GetPattern();

    /// <summary>Parses a request; throws INVALID_ARGUMENT with TF Serving's texts for paths it does not serve.</summary>
    public static RestRoute Parse(string method, string path)
    {
        var isPost = HttpMethodsEqual(method, "POST");
        var match = isPost ? PostPattern().Match(path) : HttpMethodsEqual(method, "GET") ? GetPattern().Match(path) : Match.Empty;
        if (!match.Success)
        {
            throw Malformed(method, path);
        }

        if (!match.Groups[1].Success)
        {
            throw ServingException.InvalidArgument("Missing model name in request.");
        }

        var name = Uri.UnescapeDataString(match.Groups[1].Value);
        long? version = null;
        if (match.Groups[2].Success)
        {
            version = long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw ServingException.InvalidArgument($"Failed to convert version: {match.Groups[2].Value} to numeric.");
        }

        var label = match.Groups[3].Success ? Uri.UnescapeDataString(match.Groups[3].Value) : null;
        if (!isPost)
        {
            // TF Serving ignores a label on status requests, and a "metadata" suffix in any other case
            // than lower case turns the request into a status request.
            return match.Groups[4].Value == "metadata"
                ? new RestRoute(RestAction.Metadata, name, version, label)
                : new RestRoute(RestAction.Status, name, version, null);
        }

        var action = match.Groups[4].Value switch
        {
            "predict" => RestAction.Predict,
            "classify" => RestAction.Classify,
            "regress" => RestAction.Regress,
            _ => throw Malformed(method, path),
        };
        return new RestRoute(action, name, version, label);
    }

    /// <summary>The verb as TF Serving's <c>API</c> metric label has it for REST: <c>predict</c>, <c>classify</c>, <c>regress</c>.</summary>
    public string Verb => Action switch
    {
        RestAction.Predict => "predict",
        RestAction.Classify => "classify",
        RestAction.Regress => "regress",
        RestAction.Metadata => "metadata",
        _ => "status",
    };

    private static bool HttpMethodsEqual(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    private static ServingException Malformed(string method, string path) =>
        ServingException.InvalidArgument($"Malformed request: {method} {path}");
}
