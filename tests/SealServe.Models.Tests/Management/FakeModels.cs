using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.Models.Tests.Management;

/// <summary>
/// A loader for <c>model.fake</c> files whose text scripts the load: <c>ok</c> loads,
/// <c>fail:&lt;why&gt;</c> throws INVALID_ARGUMENT with that text, <c>flaky:N</c> fails N times then loads.
/// </summary>
internal sealed class FakeLoader : IModelLoader
{
    public const string FileName = "model.fake";

    public List<FakeServable> Loaded { get; } = [];

    /// <summary>Load calls so far (a <c>flaky:N</c> script fails its first N attempts).</summary>
    public int Attempts { get; private set; }

    public string Format => "fake";

    public bool CanLoad(VersionDirectory directory) => File.Exists(Path.Combine(directory.Path, FileName));

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken)
    {
        var script = File.ReadAllText(Path.Combine(directory.Path, FileName));
        Attempts++;
        if (script.StartsWith("flaky:", StringComparison.Ordinal) && Attempts <= int.Parse(script["flaky:".Length..], System.Globalization.CultureInfo.InvariantCulture))
        {
            throw ServingException.InvalidArgument($"attempt {Attempts} failed");
        }

        if (script.StartsWith("fail:", StringComparison.Ordinal))
        {
            throw ServingException.InvalidArgument(script["fail:".Length..]);
        }

        var servable = new FakeServable(directory.Version);
        lock (Loaded)
        {
            Loaded.Add(servable);
        }

        return servable;
    }

    public static byte[] Script(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>A servable whose one output is its own version number.</summary>
internal sealed class FakeServable(long version) : IServable
{
    private static readonly TensorSpec Spec = new("x", DataType.Float, ShapeSpec.AnyRank);

    public long Version { get; } = version;

    public bool Disposed { get; private set; }

    public IReadOnlyDictionary<string, Signature> Signatures { get; } = new Dictionary<string, Signature>
    {
        [Signature.DefaultKey] = new(Signature.DefaultKey, Signature.PredictMethod, new Dictionary<string, TensorSpec> { ["x"] = Spec }, new Dictionary<string, TensorSpec> { ["y"] = Spec with { Name = "y" } }),
    };

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        return ValueTask.FromResult(new[] { Tensor.FromValues(TensorShape.Scalar, (float)Version) });
    }

    public void Dispose() => Disposed = true;
}
