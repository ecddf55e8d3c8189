using System.Diagnostics.CodeAnalysis;
using SealServe.Core.Errors;

namespace SealServe.Models.Sources.S3;

/// <summary>A base path in an S3-compatible store, <c>s3://bucket/prefix</c>: the bucket and the key prefix of its version folders.</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3";

    /// <summary>The keys of this location's objects start with this (<c>prefix/</c>; empty for a whole bucket).</summary>
    public string KeyPrefix => Prefix.Length == 0 ? string.Empty : Prefix + "/";

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; a trailing '/' is ignored. Throws INVALID_ARGUMENT naming the path otherwise.</summary>
    public static S3Location Parse(string path) =>
        TryParse(path, out var location) ? location : throw ServingException.InvalidArgument($"{path} is not an S3 location: expected s3://bucket or s3://bucket/prefix");

    public static bool TryParse(string path, [NotNullWhen(true)] out S3Location? location)
    {
        const string start = Scheme + "://";
        var rest = path.StartsWith(start, StringComparison.Ordinal) ? path[start.Length..].TrimEnd('/') : string.Empty;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (bucket, prefix) = slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[(slash + 1)..]);
        location = bucket.Length > 0 && !prefix.Contains("//", StringComparison.Ordinal) ? new S3Location(bucket, prefix) : null;
        return location is not null;
    }

    /// <summary>The location of a folder below this one (a version folder): <c>s3://bucket/prefix/child</c>.</summary>
    public S3Location Child(string name) => new(Bucket, KeyPrefix + name);

    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}://{Bucket}" : $"{Scheme}://{Bucket}/{Prefix}";
}
