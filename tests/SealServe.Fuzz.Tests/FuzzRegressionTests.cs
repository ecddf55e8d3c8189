using SealServe.Fuzz.Targets;
using SealServe.TestKit;

namespace SealServe.Fuzz.Tests;

/// <summary>
/// Every seed and every input a fuzzer once crashed or hung on, run through its harness: each must end normally or
/// with the parser's documented error (a ServingException), within a few seconds.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All)
        {
            foreach (var folder in new[] { "corpus", "regressions" })
            {
                var path = Path.Combine(RepositoryRoot.Path, "fuzz", folder, target.Name);
                foreach (var file in Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
                {
                    data.Add(target.Name, Path.GetRelativePath(RepositoryRoot.Path, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Input_EndsNormallyOrWithServingError(string target, string file)
    {
        var harness = FuzzTargets.Find(target)!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, file), TestContext.Current.CancellationToken);

        var run = Task.Run(() => FuzzTargets.RunExpectingServingErrors(harness, bytes), TestContext.Current.CancellationToken);

        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void EveryTarget_HasASeedCorpus()
    {
        foreach (var target in FuzzTargets.All)
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "fuzz", "corpus", target.Name)));
        }
    }
}
