using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.Models.Batching;

/// <summary>Loads through another loader and wraps the servable in a <see cref="BatchingServable"/> (<c>--enable_batching</c>).</summary>
internal sealed class BatchingModelLoader(IModelLoader inner, BatchScheduler scheduler) : IModelLoader
{
    public string Format => inner.Format;

    public bool CanLoad(VersionDirectory directory) => inner.CanLoad(directory);

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken) =>
        new BatchingServable(inner.Load(directory, files, cancellationToken), scheduler);
}
