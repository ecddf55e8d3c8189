using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary><c>sealserve inspect</c> lists, before anyone serves a TensorFlow model, the ops the server cannot run (and exits 1 on them).</summary>
public sealed class InspectOpsTests
{
    [Fact]
    public async Task Inspect_SavedModelWhoseOpsAllRun_SaysSoAndExitsZero()
    {
        var (exitCode, log, stdout) = await InspectAsync("tfserving/saved_model_half_plus_two_cpu");

        Assert.True(exitCode == 0, log + stdout);
        Assert.Contains("TensorFlow ops of 00000123 [classify_x_to_y, regress_x_to_y, regress_x_to_y2]: all can run", stdout, StringComparison.Ordinal);
        Assert.Contains("TensorFlow ops of 00000123 [serving_default]: all can run", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot", stdout, StringComparison.Ordinal);
    }

    /// <summary>A training GraphDef (gradients, no values for its variables) names every op that cannot run, at once.</summary>
    [Fact]
    public async Task Inspect_GraphWithOpsThatCannotRun_NamesThemAllAndExitsOne()
    {
        var (exitCode, _, stdout) = await InspectAsync("tf/tensorflow__rust__regression_graphdef");

        Assert.Equal(1, exitCode);
        Assert.Contains(
            "[serving_default]: cannot run BroadcastGradientArgs ×3 (first node 'gradients/sub_grad/BroadcastGradientArgs'), DynamicStitch ×1 (first node 'gradients/Mean_grad/DynamicStitch')",
            stdout,
            StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Log, string StandardOutput)> InspectAsync(string model) =>
        ServerProcess.RunAsync($"{ServeProcessTests.Program} inspect \"{Corpus.Require(model)}\"", RepositoryRoot.Path, TimeSpan.FromMinutes(2));
}
