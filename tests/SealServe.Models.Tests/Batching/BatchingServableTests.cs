using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Batching;
using SealServe.Models.Engine;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Batching;

/// <summary>The batching decorator with its scheduler: real batch threads, time advanced by hand.</summary>
public sealed class BatchingServableTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider time = new();
    private readonly List<BatchScheduler> schedulers = [];
    private readonly List<DoublingServable> servables = [];

    [Fact]
    public async Task RunAsync_RequestsWithinTimeout_OneMergedRunSplitBack()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000, NumBatchThreads = 1 });
        using var a = DoublingServable.Floats(1, 1, 2);
        using var b = DoublingServable.Floats(10, 2, 2);

        var (y1, y2) = await RunTogetherAsync(servable, a, b);

        Assert.Equal([new TensorShape(3, 2)], inner.Runs);
        Assert.Equal([2f, 4f], y1.AsSpan<float>().ToArray());
        Assert.Equal([20f, 22f, 24f, 26f], y2.AsSpan<float>().ToArray());
        Assert.Equal(new TensorShape(2, 2), y2.Shape);
    }

    [Fact]
    public async Task RunAsync_MixedSizesWhileThreadBusy_MergedRunsGiveUnbatchedResults()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 6, NumBatchThreads = 1 });
        inner.Hold.Reset();
        using var blocker = DoublingServable.Floats(0, 1, 3);
        var busy = RunAsync(servable, blocker);
        await inner.Entered.WaitAsync(Patience);
        var inputs = new[] { 1, 3, 2, 4, 1, 2 }.Select((rows, i) => DoublingServable.Floats(100 * i, rows, 3)).ToArray();

        var pending = inputs.Select(x => RunAsync(servable, x)).ToArray();
        inner.Hold.Set();
        await busy.WaitAsync(Patience);
        var results = await Task.WhenAll(pending).WaitAsync(Patience);

        // Behind the busy thread: [1,3,2] fill one batch of 6, then [4,1] and [2].
        Assert.Equal([1L, 6L, 5L, 2L], inner.Runs.Select(s => s[0]));
        for (var i = 0; i < inputs.Length; i++)
        {
            var expected = inputs[i].AsSpan<float>().ToArray().Select(v => v * 2);
            Assert.Equal(inputs[i].Shape, results[i][0].Shape);
            Assert.Equal(expected, results[i][0].AsSpan<float>().ToArray());
            results[i][0].Dispose();
            inputs[i].Dispose();
        }
    }

    [Fact]
    public async Task RunAsync_QueueFull_ResourceExhausted()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 2, MaxEnqueuedBatches = 1, NumBatchThreads = 1 });
        inner.Hold.Reset();
        using var x = DoublingServable.Floats(0, 2, 1);
        var running = RunAsync(servable, x);
        await inner.Entered.WaitAsync(Patience);
        var queued = RunAsync(servable, x);

        var error = await Assert.ThrowsAsync<ServingException>(() => RunAsync(servable, x));
        inner.Hold.Set();
        await Task.WhenAll(running, queued).WaitAsync(Patience);

        Assert.Equal(StatusCode.ResourceExhausted, error.Code);
        Assert.StartsWith("The batch scheduling queue to which this task was submitted is full", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_enqueued_batches=1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileQueued_CancelledAndNeverRun()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000 });
        using var cancellation = new CancellationTokenSource();
        using var x = DoublingServable.Floats(0, 1, 1);
        var queued = RunAsync(servable, x, cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));
        var later = RunAsync(servable, x);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var y = Assert.Single(await later.WaitAsync(Patience));

        Assert.Equal([new TensorShape(1, 1)], inner.Runs);
    }

    [Fact]
    public async Task RunAsync_MoreRowsThanMaxBatchSize_InvalidArgumentTfText()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 4 });
        using var x = DoublingServable.Floats(0, 5, 1);

        var error = await Assert.ThrowsAsync<ServingException>(() => RunAsync(servable, x));

        Assert.Equal((StatusCode.InvalidArgument, "Task size 5 is larger than maximum input batch size 4"), (error.Code, error.Message));
        Assert.Empty(inner.Runs);
    }

    [Fact]
    public async Task RunAsync_LargeBatchSplitting_RunsInPiecesAndJoins()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 16, EnableLargeBatchSplitting = true, MaxExecutionBatchSize = 4, NumBatchThreads = 1 });
        using var x = DoublingServable.Floats(0, 10, 1);

        using var y = Assert.Single(await RunAsync(servable, x).WaitAsync(Patience));

        Assert.Equal(new TensorShape(10, 1), y.Shape);
        Assert.Equal(Enumerable.Range(0, 10).Select(v => v * 2f), y.AsSpan<float>().ToArray());
        Assert.Equal([4L, 4L, 2L], inner.Runs.Select(s => s[0]));
    }

    [Fact]
    public async Task RunAsync_AllowedBatchSizes_RunPaddedAndPaddingDropped()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 8, AllowedBatchSizes = [4, 8] });
        using var x = DoublingServable.Floats(3, 3, 1);

        using var y = Assert.Single(await RunAsync(servable, x).WaitAsync(Patience));

        Assert.Equal([new TensorShape(4, 1)], inner.Runs);
        Assert.Equal([6f, 8f, 10f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task RunAsync_DifferentInnerShapesWithoutPadding_SeparateBatches()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000 });
        using var narrow = DoublingServable.Floats(0, 1, 2);
        using var wide = DoublingServable.Floats(0, 1, 3);

        var (y1, y2) = await RunTogetherAsync(servable, narrow, wide);

        Assert.Equal(["[1,2]", "[1,3]"], inner.Runs.Select(s => s.ToString()).Order());
        Assert.Equal((new TensorShape(1, 2), new TensorShape(1, 3)), (y1.Shape, y2.Shape));
    }

    [Fact]
    public async Task RunAsync_PadVariableLengthInputs_OneRunPaddedWithFirstElement()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000, PadVariableLengthInputs = true });
        using var narrow = DoublingServable.Floats(7, 1, 1);
        using var wide = DoublingServable.Floats(1, 1, 3);

        var (y1, y2) = await RunTogetherAsync(servable, narrow, wide);

        // As in TF Serving, a padded request gets the padded shape back.
        Assert.Equal([new TensorShape(2, 3)], inner.Runs);
        Assert.Equal([14f, 14f, 14f], y1.AsSpan<float>().ToArray());
        Assert.Equal([2f, 4f, 6f], y2.AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task RunAsync_Strings_MergedAndSplit()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000 }, DataType.String);
        using var a = Strings("a", "b");
        using var b = Strings("c");

        var (y1, y2) = await RunTogetherAsync(servable, a, b);

        Assert.Equal([new TensorShape(3)], inner.Runs);
        Assert.Equal(["a", "b"], y1.Strings.Select(Encoding.UTF8.GetString));
        Assert.Equal(["c"], y2.Strings.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task RunAsync_SignatureWithFixedBatchDimension_RunsUnbatched()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1_000_000 }, inputShape: ShapeSpec.Of(1, 2));
        using var x = DoublingServable.Floats(0, 1, 2);

        using var y = Assert.Single(await RunAsync(servable, x).WaitAsync(Patience));

        Assert.Equal([new TensorShape(1, 2)], inner.Runs);
    }

    [Fact]
    public async Task RunAsync_OutputsNotBatchMajor_EachRequestRerunAloneThenUnbatched()
    {
        var inner = new DoublingServable { Output = x => Tensor.FromValues(new TensorShape(1), (float)x.Shape[0]) };
        var servable = Wrap(inner, new BatchingOptions { BatchTimeoutMicros = 1000 });
        using var a = DoublingServable.Floats(0, 1, 1);
        using var b = DoublingServable.Floats(0, 2, 1);

        var (y1, y2) = await RunTogetherAsync(servable, a, b);
        using var y3 = Assert.Single(await RunAsync(servable, b).WaitAsync(Patience));

        Assert.Equal([3L, 1L, 2L, 2L], inner.Runs.Select(s => s[0]));
        Assert.Equal([1f, 2f, 2f], [y1.AsSpan<float>()[0], y2.AsSpan<float>()[0], y3.AsSpan<float>()[0]]);
    }

    [Fact]
    public async Task RunAsync_SplitRequestCancelledWhileQueued_Cancelled()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 8, EnableLargeBatchSplitting = true, MaxExecutionBatchSize = 2, BatchTimeoutMicros = 1000 });
        using var cancellation = new CancellationTokenSource();
        using var x = DoublingServable.Floats(0, 5, 1);

        var queued = RunAsync(servable, x, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(inner.Runs, s => s[0] == 1);
    }

    [Fact]
    public async Task Dispose_RequestStillQueued_FailsUnavailable()
    {
        var (servable, inner) = Create(new BatchingOptions { BatchTimeoutMicros = 1000 });
        using var x = DoublingServable.Floats(0, 1, 1);
        var queued = RunAsync(servable, x);

        servable.Dispose();

        var error = await Assert.ThrowsAsync<ServingException>(() => queued.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.Empty(inner.Runs);
    }

    [Fact]
    public void Dispose_WrappedServableDisposedWithIt()
    {
        var (servable, inner) = Create(new BatchingOptions());

        servable.Dispose();

        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task RunAsync_OnnxHalfPlusTwoConcurrently_BitwiseEqualToUnbatched()
    {
        using var onnx = OnnxServable.Create(TestModels.HalfPlusTwo(), new EngineOptions { IntraOpThreads = 1 });
        var scheduler = Scheduler(new BatchingOptions { BatchTimeoutMicros = 1000, MaxBatchSize = 64 });
        var batching = new BatchingServable(onnx, scheduler);
        var signature = onnx.Signatures[Signature.DefaultKey];
        var inputs = Enumerable.Range(0, 12).Select(i => DoublingServable.Floats(i * 0.37f, 1 + (i % 4), 5)).ToArray();

        var expected = new List<float[]>();
        foreach (var x in inputs)
        {
            using var y = (await onnx.RunAsync(signature, ["x"], [x], ["y"], CancellationToken.None))[0];
            expected.Add(y.AsSpan<float>().ToArray());
        }

        var pending = inputs.Select(x => batching.RunAsync(signature, ["x"], [x], ["y"], CancellationToken.None).AsTask()).ToArray();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var actual = await Task.WhenAll(pending).WaitAsync(Patience);

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i].Select(BitConverter.SingleToInt32Bits), actual[i][0].AsSpan<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
            actual[i][0].Dispose();
            inputs[i].Dispose();
        }
    }

    [Fact]
    public void MeasureOnLoad_OnnxRowsModelGainingFromBatches_MergesUpToMaxBatchSize()
    {
        // An identity over [batch, 16] floats costs a run's fixed overhead per call: 8 rows per run gain many times
        // over 1, far above the threshold even when the machine's load slows some of the probe's runs.
        var onnx = OnnxServable.Create(TestModels.FloatRows(16), new EngineOptions { IntraOpThreads = 1 });
        using var batching = new BatchingServable(onnx, Scheduler(new BatchingOptions { MaxBatchSize = 8 }, TimeProvider.System));

        batching.MeasureOnLoad("rows", 1, CancellationToken.None);

        var decision = batching.Decisions[Signature.DefaultKey];
        Assert.Equal(8, decision.MaxRows);
        Assert.Matches(@"^batch 1: [0-9.]+ ms of CPU per item; items per CPU second over batch 1: 2: [0-9.]+×, 4: [0-9.]+×, 8: [0-9.]+× \(cheapest of 5 runs each", decision.Summary);
    }

    [Fact]
    public void MeasureOnLoad_ProbeOff_NothingMeasured()
    {
        var onnx = OnnxServable.Create(TestModels.FloatRows(16), new EngineOptions { IntraOpThreads = 1 });
        using var batching = new BatchingServable(onnx, Scheduler(new BatchingOptions { MaxBatchSize = 8, MergeProbe = false }, TimeProvider.System));

        batching.MeasureOnLoad("rows", 1, CancellationToken.None);

        Assert.Empty(batching.Decisions);
    }

    [Fact]
    public void MeasureOnLoad_EngineThatIsNotAnOnnxSession_NotProbed()
    {
        // Only engines whose runs change nothing are probed: this one records its runs.
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 8 }, inputShape: new ShapeSpec([new DimSpec(-1), new DimSpec(2)]));

        servable.MeasureOnLoad("doubling", 1, CancellationToken.None);

        Assert.Empty(servable.Decisions);
        Assert.Empty(inner.Runs);
    }

    [Fact]
    public async Task RunAsync_DecidedToRunAlone_RunsBesideOthersWithoutTheBatchThread()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 8, NumBatchThreads = 1 });
        servable.Use(new() { [Signature.DefaultKey] = new MergeDecision(1, "no gain") });
        inner.Hold.Reset();
        using var a = DoublingServable.Floats(1, 1, 2);
        using var b = DoublingServable.Floats(2, 1, 2);

        // Each request on its own thread, as the server's are: a request run alone runs on its caller's thread.
        var first = Task.Run(() => RunAsync(servable, a));
        var second = Task.Run(() => RunAsync(servable, b));
        await inner.Entered.WaitAsync(Patience);
        var bothRunning = await inner.Entered.WaitAsync(Patience);
        inner.Hold.Set();
        var results = await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.True(bothRunning, "the second request waited for the first instead of running beside it");
        Assert.Equal([new TensorShape(1, 2), new TensorShape(1, 2)], inner.Runs);
        Assert.Equal([2f, 4f], results[0][0].AsSpan<float>().ToArray());
        Assert.Equal([4f, 6f], results[1][0].AsSpan<float>().ToArray());
    }

    [Fact]
    public async Task RunAsync_DecidedToRunAlone_MaxBatchSizeStillBounds()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 4 });
        servable.Use(new() { [Signature.DefaultKey] = new MergeDecision(1, "no gain") });
        using var x = DoublingServable.Floats(0, 5, 1);

        var error = await Assert.ThrowsAsync<ServingException>(() => RunAsync(servable, x));

        Assert.Equal((StatusCode.InvalidArgument, "Task size 5 is larger than maximum input batch size 4"), (error.Code, error.Message));
        Assert.Empty(inner.Runs);
    }

    [Fact]
    public async Task RunAsync_DecidedCapBelowMaxBatchSize_MergesAtMostThatManyRows()
    {
        var (servable, inner) = Create(new BatchingOptions { MaxBatchSize = 8, NumBatchThreads = 1 });
        servable.Use(new() { [Signature.DefaultKey] = new MergeDecision(2, "gains up to 2 rows") });
        inner.Hold.Reset();
        using var blocker = DoublingServable.Floats(0, 1, 1);
        var busy = RunAsync(servable, blocker);
        await inner.Entered.WaitAsync(Patience);
        var inputs = Enumerable.Range(1, 4).Select(i => DoublingServable.Floats(i, 1, 1)).ToArray();

        var pending = inputs.Select(x => RunAsync(servable, x)).ToArray();
        inner.Hold.Set();
        await busy.WaitAsync(Patience);
        var results = await Task.WhenAll(pending).WaitAsync(Patience);

        Assert.Equal([1L, 2L, 2L], inner.Runs.Select(s => s[0]));
        Assert.Equal([2f, 4f, 6f, 8f], results.Select(r => r[0].AsSpan<float>()[0]));
        foreach (var input in inputs)
        {
            input.Dispose();
        }
    }

    [Fact]
    public async Task RunAsync_ClosedLoopClientsOnTheRealClock_EveryRequestAnswered()
    {
        // Partial batches are left to the timer here: a wake-up lost between deciding a batch is not due and
        // arming the timer leaves clients waiting for ever, so the whole run would miss the patience below.
        var inner = new DoublingServable();
        servables.Add(inner);
        var servable = new BatchingServable(inner, Scheduler(new BatchingOptions { MaxBatchSize = 4, BatchTimeoutMicros = 50, MaxEnqueuedBatches = 12, NumBatchThreads = 1 }, TimeProvider.System));

        async Task<int> ClientAsync(int client)
        {
            for (var i = 0; i < 300; i++)
            {
                using var x = DoublingServable.Floats(client, 1 + (i % 3), 2);
                var y = (await RunAsync(servable, x))[0];
                Assert.Equal(2f * client, y.AsSpan<float>()[0]);
                y.Dispose();
            }

            return client;
        }

        var clients = await Task.WhenAll(Enumerable.Range(0, 12).Select(c => Task.Run(() => ClientAsync(c)))).WaitAsync(Patience);

        Assert.Equal(12, clients.Length);
    }

    public void Dispose()
    {
        foreach (var servable in servables)
        {
            servable.Hold.Set();
        }

        foreach (var scheduler in schedulers)
        {
            scheduler.Dispose();
        }
    }

    private (BatchingServable Servable, DoublingServable Inner) Create(BatchingOptions options, DataType dataType = DataType.Float, ShapeSpec? inputShape = null)
    {
        var inner = new DoublingServable(dataType, inputShape);
        return (Wrap(inner, options), inner);
    }

    private BatchingServable Wrap(DoublingServable inner, BatchingOptions options)
    {
        servables.Add(inner);
        return new BatchingServable(inner, Scheduler(options));
    }

    private BatchScheduler Scheduler(BatchingOptions options, TimeProvider? clock = null)
    {
        var scheduler = new BatchScheduler(options, clock ?? time, NullLogger<BatchScheduler>.Instance);
        schedulers.Add(scheduler);
        return scheduler;
    }

    private static Task<Tensor[]> RunAsync(BatchingServable servable, Tensor x, CancellationToken cancellationToken = default)
    {
        try
        {
            return servable.RunAsync(servable.Signatures[Signature.DefaultKey], ["x"], [x], ["y"], cancellationToken).AsTask();
        }
        catch (Exception e)
        {
            return Task.FromException<Tensor[]>(e);
        }
    }

    /// <summary>Submits two requests within one batch timeout (1 ms), lets it pass, and returns each one's single output.</summary>
    private async Task<(Tensor First, Tensor Second)> RunTogetherAsync(BatchingServable servable, Tensor first, Tensor second)
    {
        var pending = new[] { RunAsync(servable, first), RunAsync(servable, second) };
        Assert.DoesNotContain(pending, p => p.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var outputs = await Task.WhenAll(pending).WaitAsync(Patience);
        return (Assert.Single(outputs[0]), Assert.Single(outputs[1]));
    }

    private static Tensor Strings(params string[] values) =>
        Tensor.CreateStrings(new TensorShape(values.Length), values.Select(Encoding.UTF8.GetBytes).ToArray());
}
