namespace SealServe.LoadTest.Models;

/// <summary>A model under load: its file, its one float input (batch 1) and the kind of targets it has.</summary>
/// <param name="Name">Served model name.</param>
/// <param name="OnnxPath">The <c>model.onnx</c> to serve (linked as version 1 into a temporary base path).</param>
/// <param name="Kind">Tiny or compute-bound.</param>
/// <param name="InputName">Graph input name = signature alias.</param>
/// <param name="Shape">Input shape with batch 1.</param>
/// <param name="Values">Input values (row-major).</param>
internal sealed record BenchModel(string Name, string OnnxPath, ModelKind Kind, string InputName, long[] Shape, float[] Values)
{
    /// <summary>The same input repeated <paramref name="batch"/> times along the first dimension.</summary>
    public (long[] Shape, float[] Values) Batched(int batch)
    {
        var shape = (long[])Shape.Clone();
        shape[0] *= batch;
        var values = new float[Values.Length * batch];
        for (var i = 0; i < batch; i++)
        {
            Values.CopyTo(values, i * Values.Length);
        }

        return (shape, values);
    }
}
