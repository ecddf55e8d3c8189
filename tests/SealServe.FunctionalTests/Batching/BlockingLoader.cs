using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.FunctionalTests.Batching;

/// <summary>
/// Loads <c>model.block</c> folders as a servable <c>x → y = x</c> (floats, any shape) whose runs wait while
/// <see cref="Hold"/> is reset: keeps the batch thread busy so the queue fills on demand.
/// </summary>
internal sealed class BlockingLoader : IModelLoader
{
    public const string FileName = "model.block";

    public ManualResetEventSlim Hold { get; } = new(initialState: true);

    /// <summary>Released when a run starts.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    public string Format => "block";

    public bool CanLoad(VersionDirectory directory) => File.Exists(Path.Combine(directory.Path, FileName));

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken) => new BlockingServable(this);

    private sealed class BlockingServable(BlockingLoader loader) : IServable
    {
        private static readonly Signature Identity = new(
            Signature.DefaultKey,
            Signature.PredictMethod,
            new Dictionary<string, TensorSpec> { ["x"] = new("x", DataType.Float, ShapeSpec.AnyRank) },
            new Dictionary<string, TensorSpec> { ["y"] = new("y", DataType.Float, ShapeSpec.AnyRank) });

        public IReadOnlyDictionary<string, Signature> Signatures { get; } = new Dictionary<string, Signature> { [Signature.DefaultKey] = Identity };

        public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
        {
            loader.Entered.Release();
            loader.Hold.Wait(TimeSpan.FromMinutes(1), cancellationToken);
            var y = Tensor.Allocate(DataType.Float, inputs[0].Shape);
            inputs[0].Data.CopyTo(y.Data);
            return ValueTask.FromResult<Tensor[]>([y]);
        }

        public void Dispose()
        {
        }
    }
}
