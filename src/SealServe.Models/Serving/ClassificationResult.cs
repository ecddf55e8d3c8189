using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>
/// What Classify answers, read in place from the engine's outputs: per example, <see cref="Classes"/> classes, each a
/// label (empty without a <c>classes</c> output) and a score (0 without a <c>scores</c> output), as TF Serving's
/// <c>ClassificationResult</c>. Disposing releases the outputs it owns.
/// </summary>
public sealed class ClassificationResult : IDisposable
{
    private readonly Tensor? classes;
    private readonly Tensor? scores;
    private readonly bool ownsOutputs;

    private ClassificationResult(string signatureName, Tensor? classes, Tensor? scores, int examples, int classCount, bool ownsOutputs)
    {
        SignatureName = signatureName;
        this.classes = classes;
        this.scores = scores;
        Examples = examples;
        Classes = classCount;
        this.ownsOutputs = ownsOutputs;
    }

    public string SignatureName { get; }

    public int Examples { get; }

    public int Classes { get; }

    /// <summary>The label of class <paramref name="index"/> of example <paramref name="example"/> (bytes; empty without a classes output).</summary>
    public ReadOnlySpan<byte> Label(int example, int index) => classes is null ? [] : classes.Strings[(example * Classes) + index];

    /// <summary>The score of class <paramref name="index"/> of example <paramref name="example"/> (0 without a scores output).</summary>
    public float Score(int example, int index) => scores is null ? 0f : scores.AsSpan<float>()[(example * Classes) + index];

    /// <summary>
    /// Checks the outputs as TF Serving's <c>PostProcessClassificationResult</c> does (its texts) and wraps them; on
    /// error the caller still owns the tensors.
    /// </summary>
    public static ClassificationResult FromOutputs(string signatureName, Tensor? classes, Tensor? scores, long examples, bool ownsOutputs)
    {
        if (classes is not null)
        {
            Check(classes, "classes", DataType.String, examples);
        }

        if (scores is not null)
        {
            Check(scores, "scores", DataType.Float, examples);
        }

        if (classes is not null && scores is not null && classes.Shape[1] != scores.Shape[1])
        {
            throw ServingException.InvalidArgument($"Tensors class and score should match in dim_size(1). Got {classes.Shape[1]} vs. {scores.Shape[1]}");
        }

        var count = (classes ?? scores)!.Shape[1];
        return new ClassificationResult(signatureName, classes, scores, checked((int)examples), checked((int)count), ownsOutputs);
    }

    public void Dispose()
    {
        if (ownsOutputs)
        {
            classes?.Dispose();
            scores?.Dispose();
        }
    }

    private static void Check(Tensor output, string name, DataType expected, long examples)
    {
        if (output.Shape.Rank != 2)
        {
            throw ServingException.InvalidArgument($"Expected Tensor shape: [batch_size num_classes] but got {output.Shape}");
        }

        if (output.DataType != expected)
        {
            throw ServingException.InvalidArgument($"Expected {name} Tensor of {DataTypes.TfName(expected)}. Got: {DataTypes.TfName(output.DataType)}");
        }

        if (output.Shape[0] != examples)
        {
            throw ServingException.InvalidArgument($"Expected {name} output batch size of {examples}. Got: {output.Shape[0]}");
        }
    }
}
