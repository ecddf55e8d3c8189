using SealServe.Core.Errors;

namespace SealServe.Fuzz.Targets;

/// <summary>Every harness, by name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new RestJsonTarget(), new GrpcPredictTarget(), new ModelConfigTarget(), new SavedModelTarget(),
        new FrozenGraphTarget(), new VariablesBundleTarget(), new SealedFileTarget(), new WarmupFileTarget(),
        new RestExamplesTarget(), new TfExampleTarget(),
    ];

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Runs one input; the documented error for bad input is an expected outcome, not a finding.</summary>
    public static void RunExpectingServingErrors(IFuzzTarget target, ReadOnlySpan<byte> input)
    {
        try
        {
            target.Run(input);
        }
        catch (ServingException)
        {
        }
    }
}
