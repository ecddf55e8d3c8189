using SealServe.Core.Tensors;
using SealServe.TensorFlow.Plan;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// A plan's first stage when it is a ParseExample kernel reading the serialized-examples input and nothing else: a
/// codec that already holds the examples as typed values (REST's JSON) fills the stage's outputs itself through an
/// <see cref="ExampleAccumulator"/>, and the engine, fed <see cref="OutputNames"/>, starts after the stage — no
/// serialization to be parsed again. Offered when every output is a fixed-shape dense feature (batch-major, so
/// batching may concatenate them) and the op has no example names.
/// </summary>
public sealed class ExampleParseFront
{
    private readonly ExampleParser parser;

    private ExampleParseFront(ExampleParser parser, string[] outputNames)
    {
        this.parser = parser;
        OutputNames = outputNames;
    }

    /// <summary>The stage's outputs (plan value names), in the order <see cref="ExampleAccumulator.Finish"/> returns them.</summary>
    public string[] OutputNames { get; }

    /// <summary>The front of <paramref name="plan"/> over its input <paramref name="input"/>, or null when there is none.</summary>
    public static ExampleParseFront? Find(ServingPlan plan, string input)
    {
        var value = ServingPlan.ValueName(input);
        var readers = plan.Stages.Where(s => s.Inputs.Contains(value)).Take(2).ToArray();
        return readers is [KernelStage { Kernel: ParseExampleKernel { DenseParser: { } parser }, Inputs: [_] } stage] && !plan.Outputs.Contains(value)
            ? new ExampleParseFront(parser, [.. stage.Outputs])
            : null;
    }

    /// <summary>A front for dense features given directly (tests and benchmarks): key, element type, shape per example, default (empty: required).</summary>
    public static ExampleParseFront ForDense(IEnumerable<(string Key, DataType Type, long[] Shape, Tensor Default)> features)
    {
        DenseFeature[] dense = [.. features.Select(f => new DenseFeature(f.Key, f.Type, f.Shape, f.Default))];
        return new ExampleParseFront(new ExampleParser(new ExampleParserConfig(dense, [], [])), [.. dense.Select(f => f.Key)]);
    }

    /// <summary>Starts the outputs of <paramref name="examples"/> examples.</summary>
    public ExampleAccumulator Begin(int examples) => new(parser, examples);

    /// <summary>What the stage computes from the examples serialized (a vector): the path the accumulator must agree with.</summary>
    public Tensor[] Parse(Tensor serialized) => parser.Parse(serialized, null);
}
