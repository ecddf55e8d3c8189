namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// Tests that run the README's commands, which use the default ports 8500 and 8501: they run alone, after
/// the parallel tests, so they never race ReadmeTests (or each other) for those ports.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultPortsCollection
{
    public const string Name = "Default ports 8500/8501";
}
