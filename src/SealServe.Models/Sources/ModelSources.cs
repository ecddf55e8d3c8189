using SealServe.Models.Config;
using SealServe.Models.Sources.S3;

namespace SealServe.Models.Sources;

/// <summary>The server's <see cref="IModelSource"/>: each base path listed by the source of its kind, a local folder or <c>s3://</c>.</summary>
public sealed class ModelSources(FileSystemModelSource folders, S3ModelSource s3) : IModelSource
{
    public IReadOnlyList<VersionDirectory> ListVersions(string basePath) => For(basePath).ListVersions(basePath);

    public string Fingerprint(VersionDirectory directory) => For(directory.Path).Fingerprint(directory);

    private IModelSource For(string path) =>
        ModelStorePath.TryGetUriScheme(path, out var scheme) && scheme == S3Location.Scheme ? s3 : folders;
}
