using SealServe.Cli.Commands.Serve;
using SealServe.Core.Errors;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Batching;

/// <summary>The <c>sealserve serve</c> flags of batching and of the engine, as users run them.</summary>
public sealed class BatchingFlagsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Serve_ParametersFileWithoutEnableBatching_FailsWithTfServingMessage()
    {
        var (exitCode, output) = await ServeAsync("--batching_parameters_file=/nowhere/batching.txt");

        Assert.Equal(255, exitCode);
        Assert.Contains(
            "Failed to start server. Error: INVALID_ARGUMENT: server_options.batching_parameters_file is set without setting server_options.enable_batching to true.",
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownExecutionProvider_FailsNamingTheKnownOnes()
    {
        var (exitCode, output) = await ServeAsync("--engine_execution_provider=cuda");

        Assert.Equal(255, exitCode);
        Assert.Contains("Unknown execution provider 'cuda'; available: cpu.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_EnableBatchingWithParametersFile_ServesWithThoseParameters()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        var parameters = Path.Combine(repository.BasePath, "batching.txt");
        await File.WriteAllTextAsync(parameters, "max_batch_size { value: 8 }\nbatch_timeout_micros { value: 500 }\nnum_batch_threads { value: 1 }\nallowed_batch_sizes: 4\nallowed_batch_sizes: 8\n");
        var (grpc, rest) = (ServeProcessTests.FreePort(), ServeProcessTests.FreePort());

        using var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={grpc} --rest_api_port={rest} --model_name=half_plus_two --model_base_path={repository.BasePath} " +
            $"--enable_batching --batching_parameters_file={parameters} --engine_allow_spinning=false --engine_graph_optimization_level=basic",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Patience);
        using var http = new HttpClient();
        using var response = await http.PostAsync($"http://127.0.0.1:{rest}/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0, 2.0, 5.0]}"));
        var body = await response.Content.ReadAsStringAsync();
        server.Signal("TERM");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("2.5", body, StringComparison.Ordinal);
        Assert.Contains("4.5", body, StringComparison.Ordinal);
        Assert.Contains("Batching enabled: max_batch_size=8 batch_timeout_micros=500 max_enqueued_batches=10 num_batch_threads=1 allowed_batch_sizes=[4,8]", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not implemented yet: --enable_batching", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not implemented yet: --batching_parameters_file", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("--enable_batching", false)]
    [InlineData("--enable_batching --engine_allow_spinning=true", true)]
    [InlineData("--engine_allow_spinning=false", false)]
    public void Serve_EngineSpinning_DefaultsOffWithBatchingOnly(string flags, bool spinning)
    {
        var command = new ServeCommand(TextWriter.Null);
        var settings = ServeCommand.Parse(command.Parse($"--model_base_path=/models/x {flags}"));

        Assert.Equal(spinning, settings.Models.Engine.AllowSpinning);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("--engine_cpu_mem_arena=false", false)]
    [InlineData("--engine_cpu_mem_arena", true)]
    public void Serve_CpuMemArena_UnsetLeavesTheChoiceToModelSize(string flags, bool? arena)
    {
        var settings = ServeCommand.Parse(new ServeCommand(TextWriter.Null).Parse($"--model_base_path=/models/x {flags}"));

        Assert.Equal(arena, settings.Models.Engine.EnableCpuMemArena);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("--engine_max_concurrent_runs=2", 2)]
    public void Serve_MaxConcurrentRuns_UnboundedUnlessGiven(string flags, int runs)
    {
        var settings = ServeCommand.Parse(new ServeCommand(TextWriter.Null).Parse($"--model_base_path=/models/x {flags}"));

        Assert.Equal(runs, settings.Models.Engine.MaxConcurrentRuns);
    }

    [Fact]
    public void Serve_NegativeMaxConcurrentRuns_RefusedNamingTheFlag()
    {
        var error = Assert.Throws<ServingException>(() => ServeCommand.Parse(new ServeCommand(TextWriter.Null).Parse("--model_base_path=/models/x --engine_max_concurrent_runs=-1")));

        Assert.Contains("--engine_max_concurrent_runs must be 0 (no bound) or more; was -1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--enable_batching", true)]
    [InlineData("--enable_batching --batching_merge_probe=false", false)]
    [InlineData("--enable_batching --batching_merge_probe=true", true)]
    public void Serve_MergeProbe_OnWithBatchingUnlessTurnedOff(string flags, bool probe)
    {
        var settings = ServeCommand.Parse(new ServeCommand(TextWriter.Null).Parse($"--model_base_path=/models/x {flags}"));

        Assert.Equal(probe, settings.Models.Batching!.MergeProbe);
    }

    [Fact]
    public void Serve_MergeProbeWithoutBatching_RefusedNamingBothFlags()
    {
        var error = Assert.Throws<ServingException>(() => ServeCommand.Parse(new ServeCommand(TextWriter.Null).Parse("--model_base_path=/models/x --batching_merge_probe=false")));

        Assert.Equal("--batching_merge_probe is set without --enable_batching: it decides how batching merges requests.", error.Message);
    }

    /// <summary>Runs <c>serve</c> over half_plus_two with <paramref name="flags"/> until it exits (these flags make it fail).</summary>
    private static async Task<(int ExitCode, string Output)> ServeAsync(string flags)
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        var (exitCode, output, _) = await ServerProcess.RunAsync(
            $"{ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} {flags}",
            RepositoryRoot.Path,
            Patience);
        return (exitCode, output);
    }
}
