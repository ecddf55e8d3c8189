using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using SealServe.Models.Diagnostics;

namespace SealServe.Models.Sources.S3;

/// <summary>
/// Lists version folders under <c>s3://bucket/prefix</c> as <see cref="FileSystemModelSource"/> lists them on disk: one
/// listing of the prefix per scan, keys grouped by their first folder, folders named by a positive int64. The S3 client
/// is made on first use, from <see cref="S3Settings"/> (the environment unless given).
/// </summary>
public sealed class S3ModelSource(ILogger<S3ModelSource> logger, S3Settings? settings = null) : IModelSource, IDisposable
{
    private readonly Lazy<AmazonS3Client> client = new(() => S3Clients.Create(settings ?? S3Settings.FromEnvironment()));

    /// <summary>Throws a ServingException: NOT_FOUND for a missing bucket or an empty prefix, UNAUTHENTICATED or PERMISSION_DENIED, UNAVAILABLE (may heal).</summary>
    public IReadOnlyList<VersionDirectory> ListVersions(string basePath)
    {
        var location = S3Location.Parse(basePath);
        var versions = new SortedDictionary<long, (string Folder, SortedDictionary<string, S3Object> Objects)>();
        var listed = false;
        foreach (var entry in ListObjects(location))
        {
            listed = true;
            var relative = entry.Key[location.KeyPrefix.Length..];
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            var folder = slash < 0 ? relative : relative[..slash];
            var file = slash < 0 ? string.Empty : relative[(slash + 1)..];
            if (!FileSystemModelSource.TryParseVersion(folder, out var version))
            {
                ModelsLog.IgnoredEntry(logger, basePath, folder);
                continue;
            }

            if (!versions.TryGetValue(version, out var found) || found.Folder != folder)
            {
                // "1" and "001" name the same version; as on disk, the later one (in ordinal order) wins.
                if (found.Folder is not null)
                {
                    ModelsLog.DuplicateVersion(logger, version, location.Child(found.Folder).ToString(), location.Child(folder).ToString());
                }

                versions[version] = found = (folder, new SortedDictionary<string, S3Object>(StringComparer.Ordinal));
            }

            // A key ending in '/' is a folder marker some tools write, not a file.
            if (file.Length > 0 && !file.EndsWith('/'))
            {
                found.Objects[file] = entry;
            }
        }

        return listed
            ? versions.Select(v => new VersionDirectory(v.Key, new S3StoredVersion(client.Value, location.Child(v.Value.Folder), v.Value.Objects))).ToArray()
            : throw S3Errors.NoObjects(location);
    }

    public string Fingerprint(VersionDirectory directory) => ((S3StoredVersion)directory.Files).Fingerprint;

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    private IEnumerable<S3Object> ListObjects(S3Location location)
    {
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.KeyPrefix };
        while (true)
        {
            var page = S3Errors.Call(location.ToString(), () => client.Value.ListObjectsV2Async(request));
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return entry;
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }
}
