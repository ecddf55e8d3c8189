using SealServe.Core.Errors;

namespace SealServe.Models.Sources.S3;

/// <summary>
/// How SealServe reaches S3 or an S3-compatible store, read from the environment with AWS's names and TF Serving's:
/// the endpoint from <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c> or TF Serving's <c>S3_ENDPOINT</c> (with
/// <c>S3_USE_HTTPS</c>), certificate checks off with <c>S3_VERIFY_SSL=0</c>, the region from <c>AWS_REGION</c> or
/// <c>AWS_DEFAULT_REGION</c>, keys from <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> (/ <c>AWS_SESSION_TOKEN</c>).
/// What is not set here is left to the AWS SDK's standard chains (profile, web identity, container and instance roles).
/// </summary>
public sealed record S3Settings
{
    /// <summary>An S3-compatible server (MinIO, Ceph...), addressed path-style (<c>http://host:port/bucket/key</c>); null for AWS itself.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>False with <c>S3_VERIFY_SSL=0</c>: the endpoint's certificate is not checked (self-signed test servers only).</summary>
    public bool VerifySsl { get; init; } = true;

    /// <summary>Null: the SDK's region chain, then us-east-1 (TF Serving's default).</summary>
    public string? Region { get; init; }

    /// <summary>Keys given in the environment; null: the SDK's credential chain.</summary>
    public S3Keys? Keys { get; init; }

    /// <summary>Reads the settings; throws INVALID_ARGUMENT naming a variable whose value is unusable.</summary>
    public static S3Settings FromEnvironment(Func<string, string?> variable)
    {
        var keyId = Value(variable, "AWS_ACCESS_KEY_ID");
        var secret = Value(variable, "AWS_SECRET_ACCESS_KEY");
        return new S3Settings
        {
            Endpoint = ReadEndpoint(variable),
            VerifySsl = !IsOff(variable, "S3_VERIFY_SSL"),
            Region = Value(variable, "AWS_REGION") ?? Value(variable, "AWS_DEFAULT_REGION"),
            Keys = keyId is not null && secret is not null ? new S3Keys(keyId, secret, Value(variable, "AWS_SESSION_TOKEN")) : null,
        };
    }

    public static S3Settings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    private static Uri? ReadEndpoint(Func<string, string?> variable)
    {
        foreach (var name in new[] { "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "S3_ENDPOINT" })
        {
            if (Value(variable, name) is not { } value)
            {
                continue;
            }

            // TF Serving's S3_ENDPOINT is host[:port], its scheme set by S3_USE_HTTPS (default on).
            var url = value.Contains("://", StringComparison.Ordinal) ? value : (IsOff(variable, "S3_USE_HTTPS") ? "http://" : "https://") + value;
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw ServingException.InvalidArgument($"{name}={value} is not an http(s) endpoint such as http://127.0.0.1:9000 (S3_ENDPOINT may also be host:port)");
        }

        return null;
    }

    private static bool IsOff(Func<string, string?> variable, string name) =>
        Value(variable, name) is "0" or "false" or "False" or "FALSE";

    private static string? Value(Func<string, string?> variable, string name) =>
        variable(name) is { Length: > 0 } value ? value.Trim() : null;
}

/// <summary>Access keys given in the environment.</summary>
public sealed record S3Keys(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Never the secret: settings get logged.</summary>
    public override string ToString() => $"S3Keys {{ AccessKeyId = {AccessKeyId} }}";
}
