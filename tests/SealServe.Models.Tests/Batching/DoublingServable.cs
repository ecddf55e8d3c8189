using System.Collections.Concurrent;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Models.Tests.Batching;

/// <summary>
/// A servable with one signature <c>x → y</c>: floats are doubled, strings echoed. It records the input shape of
/// every run, signals <see cref="Entered"/> when a run starts, and holds runs while <see cref="Hold"/> is reset.
/// </summary>
internal sealed class DoublingServable : IServable
{
    public DoublingServable(DataType dataType = DataType.Float, ShapeSpec? inputShape = null, ShapeSpec? outputShape = null)
    {
        Signature = new Signature(
            Signature.DefaultKey,
            Signature.PredictMethod,
            new Dictionary<string, TensorSpec> { ["x"] = new("x", dataType, inputShape ?? ShapeSpec.AnyRank) },
            new Dictionary<string, TensorSpec> { ["y"] = new("y", dataType, outputShape ?? ShapeSpec.AnyRank) });
        Signatures = new Dictionary<string, Signature> { [Signature.DefaultKey] = Signature };
    }

    public Signature Signature { get; }

    public IReadOnlyDictionary<string, Signature> Signatures { get; }

    /// <summary>Input shapes of the runs so far, in order.</summary>
    public ConcurrentQueue<TensorShape> Runs { get; } = new();

    public SemaphoreSlim Entered { get; } = new(0);

    public ManualResetEventSlim Hold { get; } = new(initialState: true);

    /// <summary>When set, replaces the output (e.g. to return something that is not batch-major).</summary>
    public Func<Tensor, Tensor>? Output { get; init; }

    public bool Disposed { get; private set; }

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        var x = inputs[0];
        Runs.Enqueue(x.Shape);
        Entered.Release();
        Hold.Wait(TimeSpan.FromSeconds(30), cancellationToken);
        if (Output is { } output)
        {
            return ValueTask.FromResult<Tensor[]>([output(x)]);
        }

        if (x.IsString)
        {
            return ValueTask.FromResult<Tensor[]>([Tensor.CreateStrings(x.Shape, [.. x.Strings])]);
        }

        var y = Tensor.Allocate(DataType.Float, x.Shape);
        var source = x.AsSpan<float>();
        var target = y.AsSpan<float>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i] * 2;
        }

        return ValueTask.FromResult<Tensor[]>([y]);
    }

    public void Dispose() => Disposed = true;

    /// <summary>A float tensor of <paramref name="dims"/> holding <paramref name="start"/>, <paramref name="start"/>+1, ...</summary>
    public static Tensor Floats(float start, params long[] dims)
    {
        var shape = new TensorShape(dims);
        var values = new float[shape.ElementCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = start + i;
        }

        return Tensor.FromValues(shape, values);
    }
}
