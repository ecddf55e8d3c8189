using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>What Regress answers, read in place from the engine's output: one value per example (TF Serving's <c>RegressionResult</c>).</summary>
public sealed class RegressionResult : IDisposable
{
    private readonly Tensor output;
    private readonly bool ownsOutput;

    private RegressionResult(string signatureName, Tensor output, bool ownsOutput)
    {
        SignatureName = signatureName;
        this.output = output;
        this.ownsOutput = ownsOutput;
    }

    public string SignatureName { get; }

    public ReadOnlySpan<float> Values => output.AsSpan<float>();

    /// <summary>Checks the output as TF Serving's <c>PostProcessRegressionResult</c> does (its texts) and wraps it; on error the caller still owns it.</summary>
    public static RegressionResult FromOutput(string signatureName, Tensor output, long examples, bool ownsOutput)
    {
        if (!(output.Shape.Rank == 1 || (output.Shape.Rank == 2 && output.Shape[1] == 1)))
        {
            throw ServingException.InvalidArgument($"Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got {output.Shape}");
        }

        if (output.Shape[0] != examples)
        {
            throw ServingException.InvalidArgument($"Input batch size did not match output batch size: {examples} vs. {output.Shape[0]}");
        }

        if (output.DataType != DataType.Float)
        {
            throw ServingException.InvalidArgument($"Expected output Tensor of DT_FLOAT.  Got: {DataTypes.TfName(output.DataType)}");
        }

        return new RegressionResult(signatureName, output, ownsOutput);
    }

    public void Dispose()
    {
        if (ownsOutput)
        {
            output.Dispose();
        }
    }
}
