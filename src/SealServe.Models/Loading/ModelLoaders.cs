using SealServe.Models.Sources;

namespace SealServe.Models.Loading;

/// <summary>The registered loaders; picks the one whose format a version folder holds.</summary>
public sealed class ModelLoaders(IEnumerable<IModelLoader> loaders)
{
    private readonly IModelLoader[] loaders = loaders.ToArray();

    /// <summary>The loader for the folder, or <see langword="null"/> when it holds no model we know (e.g. still empty).</summary>
    public IModelLoader? Find(VersionDirectory directory) => Array.Find(loaders, l => l.CanLoad(directory));
}
