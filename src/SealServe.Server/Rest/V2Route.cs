using System.Text.RegularExpressions;
using SealServe.Core.Errors;

namespace SealServe.Server.Rest;

/// <summary>What a <c>/v2</c> request asks for (the health probes are served with the operators' endpoints).</summary>
internal enum V2Action
{
    ServerMetadata,
    ModelMetadata,
    ModelReady,
    Infer,
}

/// <summary>
/// A parsed Open Inference Protocol REST path: <c>GET /v2</c>, <c>GET /v2/models/&lt;m&gt;[/versions/&lt;v&gt;][/ready]</c>,
/// <c>POST /v2/models/&lt;m&gt;[/versions/&lt;v&gt;]/infer</c>. Paths are case-sensitive, as the protocol says; names are
/// percent-decoded after matching. A version that is not a number is a version label.
/// </summary>
internal sealed partial record V2Route(V2Action Action, string ModelName, string? Version)
{
    [GeneratedRegex(@"^/v2/models/([^/]+)(?:/versions/([^/]+))?(?:/(ready|infer))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();

    /// <summary>True for the paths of the protocol (<c>/v2</c> and below).</summary>
    public static bool Handles(string path) => path == "/v2" || path.StartsWith("/v2/", StringComparison.Ordinal);

    /// <summary>Parses a request; NOT_FOUND for a path and method the protocol does not define.</summary>
    public static V2Route Parse(string method, string path)
    {
        var get = method == "GET";
        if (get && path is "/v2" or "/v2/")
        {
            return new V2Route(V2Action.ServerMetadata, string.Empty, null);
        }

        var match = ModelPattern().Match(path);
        var action = !match.Success ? (V2Action?)null
            : match.Groups[3].Value switch
            {
                "" when get => V2Action.ModelMetadata,
                "ready" when get => V2Action.ModelReady,
                "infer" when method == "POST" => V2Action.Infer,
                _ => null,
            };
        return action is { } found
            ? new V2Route(found, Uri.UnescapeDataString(match.Groups[1].Value), match.Groups[2].Success ? Uri.UnescapeDataString(match.Groups[2].Value) : null)
            : throw ServingException.NotFound($"No v2 endpoint answers {method} {path}");
    }
}
