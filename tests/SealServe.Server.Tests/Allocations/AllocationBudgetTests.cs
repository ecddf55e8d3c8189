using System.Text.Json;
using SealServe.Benchmarks.Allocations;
using SealServe.TestKit;

namespace SealServe.Server.Tests.Allocations;

/// <summary>Alone in the process while it runs: the batch queue's step counts every thread's allocations (a batch runs on its own thread).</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class AllocationBudgetCollection;

/// <summary>
/// The hot path's allocation budgets (bench/SealServe.Benchmarks/Allocations/allocation-budgets.json): bytes allocated
/// per call of each <see cref="HotPathOperations"/> step must stay within its budget. BenchmarkDotNet's
/// <c>HotPathBenchmarks</c> measures the same steps with time; this is its quick form for CI.
/// </summary>
[Collection(nameof(AllocationBudgetCollection))]
public sealed class AllocationBudgetTests
{
    private const int WarmupCalls = 300;
    private const int CallsPerRound = 100;
    private const int Rounds = 20;

    public static TheoryData<string> Operations => [.. HotPathOperations.Names];

    [Fact]
    public void BudgetFile_NamesEveryOperationOnce()
    {
        Assert.Equal(HotPathOperations.Names.Order(StringComparer.Ordinal), Budgets().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_AllocatesWithinItsBudget(string name)
    {
        var budget = Budgets()[name];
        using var operations = new HotPathOperations(Corpus.Require("onnx/mlp_tabular/model.onnx"));
        var operation = operations.Get(name);
        for (var i = 0; i < WarmupCalls; i++)
        {
            operation();
        }

        // Steps on the calling thread count its allocations only. The batch queue's also runs on a batch thread, so it
        // counts the process's, where other threads' noise (the JIT, the runner, tests' leftovers) only adds: the
        // least of several rounds is the step's own.
        Func<long> allocated = HotPathOperations.UsesOtherThreads(name) ? () => GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread;
        var perCall = long.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var before = allocated();
            for (var i = 0; i < CallsPerRound; i++)
            {
                operation();
            }

            perCall = Math.Min(perCall, (allocated() - before) / CallsPerRound);
        }

        Assert.True(perCall <= budget, $"{name} allocates {perCall} bytes per call; its budget is {budget} (allocation-budgets.json). Find the new allocation, or raise the budget with the reason in the commit.");
    }

    private static Dictionary<string, long> Budgets()
    {
        var path = Path.Combine(RepositoryRoot.Path, "bench", "SealServe.Benchmarks", "Allocations", "allocation-budgets.json");
        var options = new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip };
        return JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(path), options)!;
    }
}
