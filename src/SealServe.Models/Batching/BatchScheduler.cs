using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Diagnostics;

namespace SealServe.Models.Batching;

/// <summary>
/// TF Serving's shared batch scheduler: <c>num_batch_threads</c> threads serve the queues of every batching
/// servable, taking the oldest batch <see cref="BatchPolicy"/> lets run, queue after queue in turn. One lock
/// guards all queues (held only to place, take or cancel requests); a timer from the injected
/// <see cref="TimeProvider"/> wakes a thread when a batch's timeout is due.
/// </summary>
internal sealed class BatchScheduler : IDisposable
{
    private static readonly Action<object?> CancelledCallback = static state => ((BatchTask)state!).Scheduler!.OnCancelled((BatchTask)state);

    // A plain monitor, not System.Threading.Lock: the batch threads wait on it (Monitor.Wait/Pulse).
    private readonly object gate = new();
    private readonly List<BatchQueue> queues = [];
    private readonly Thread[] workers;
    private readonly ITimer timer;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private long timerDueAt = long.MaxValue;
    private int cursor;
    private bool stopping;

    private readonly ModelsMetrics? metrics;

    public BatchScheduler(BatchingOptions options, TimeProvider time, ILogger<BatchScheduler> logger, ModelsMetrics? metrics = null)
    {
        this.metrics = metrics;
        options.Validate();
        Options = options;
        Limits = BatchLimits.From(options, time.TimestampFrequency);
        this.time = time;
        this.logger = logger;
        timer = time.CreateTimer(static state => ((BatchScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        workers = new Thread[options.NumBatchThreads];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Thread(Work) { IsBackground = true, Name = $"{options.ThreadPoolName}/{i}" };
            workers[i].Start();
        }

        BatchingLog.Enabled(logger, options.MaxBatchSize, options.BatchTimeoutMicros, options.MaxEnqueuedBatches, options.NumBatchThreads,
            string.Join(",", options.AllowedBatchSizes), options.PadVariableLengthInputs);
    }

    public BatchingOptions Options { get; }

    public BatchLimits Limits { get; }

    public ILogger Logger => logger;

    public ModelsMetrics? Metrics => metrics;

    public void Add(BatchQueue queue)
    {
        lock (gate)
        {
            queues.Add(queue);
        }
    }

    /// <summary>Stops serving a queue; requests still in it (none once its servable's handles are drained) fail UNAVAILABLE.</summary>
    public void Remove(BatchQueue queue)
    {
        List<BatchTask> orphans;
        lock (gate)
        {
            queues.Remove(queue);
            orphans = queue.Drain();
        }

        foreach (var task in orphans)
        {
            task.ReleaseInputs();
            task.Fail(new ServingException(StatusCode.Unavailable, "The servable was unloaded while the request waited for a batch."));
        }
    }

    /// <summary>
    /// Queues a request of <paramref name="rows"/> rows (at most <c>max_batch_size</c>). Throws RESOURCE_EXHAUSTED
    /// when the queue is full; the task ends cancelled if <paramref name="cancellationToken"/> fires while it waits.
    /// </summary>
    public Task<Tensor[]> SubmitAsync(BatchQueue queue, Tensor[] inputs, int rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (rows > Limits.MaxRows)
        {
            return SubmitSplit(queue, inputs, rows, cancellationToken);
        }

        var task = new BatchTask(inputs, rows, cancellationToken) { Queue = queue, Scheduler = this };
        Register(task);
        try
        {
            lock (gate)
            {
                if (!task.Completion.IsCompleted)
                {
                    WakeFor(queue.Enqueue(task, time.GetTimestamp()), task.Batch);
                }
            }
        }
        catch
        {
            task.Registration.Dispose();
            throw;
        }

        return task.Completion;
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }

        foreach (var worker in workers)
        {
            if (worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }

        timer.Dispose();
    }

    /// <summary>
    /// After an enqueue (lock held): wakes one batch thread when a batch may run now; otherwise only makes sure the
    /// timer fires when the request's batch is due. Waking a thread per request that then finds nothing to do
    /// costs two context switches, which a virtual machine makes expensive.
    /// </summary>
    private void WakeFor(bool runnable, Batch? batch)
    {
        if (!runnable && batch is not null)
        {
            var due = BatchPolicy.DueAt(batch.Snapshot, Limits);
            if (due < timerDueAt)
            {
                ArmTimer(due);
            }

            runnable = time.GetTimestamp() >= due;
        }

        if (runnable)
        {
            Monitor.Pulse(gate);
        }
    }

    /// <summary><c>enable_large_batch_splitting</c>: pieces copied out of the request, queued all or none.</summary>
    private Task<Tensor[]> SubmitSplit(BatchQueue queue, Tensor[] inputs, int rows, CancellationToken cancellationToken)
    {
        int room;
        lock (gate)
        {
            room = queue.OpenRoom(inputs);
        }

        var sizes = BatchPolicy.SplitSizes(rows, room, Limits);
        var request = new SplitRequest(sizes.Length, cancellationToken);
        var pieces = new BatchTask[sizes.Length];
        long row = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = new BatchTask(CopyRows(inputs, row, sizes[i]), sizes[i], request, i) { Queue = queue, Scheduler = this };
            row += sizes[i];
        }

        var queued = false;
        try
        {
            foreach (var piece in pieces)
            {
                Register(piece);
            }

            lock (gate)
            {
                if (!request.Completion.IsCompleted)
                {
                    queue.EnqueueAll(pieces, time.GetTimestamp());
                    queued = true;
                    Monitor.PulseAll(gate);
                }
            }
        }
        finally
        {
            if (!queued)
            {
                foreach (var piece in pieces)
                {
                    piece.Registration.Dispose();
                    piece.ReleaseInputs();
                }
            }
        }

        return request.Completion;
    }

    private static Tensor[] CopyRows(Tensor[] inputs, long row, int rows)
    {
        var copies = new Tensor[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            copies[i] = TensorConcat.RentRows(inputs[i], row, rows);
        }

        return copies;
    }

    private static void Register(BatchTask task)
    {
        if (task.CancellationToken.CanBeCanceled)
        {
            task.Registration = task.CancellationToken.UnsafeRegister(CancelledCallback, task);
        }
    }

    private void OnCancelled(BatchTask task)
    {
        bool cancel;
        lock (gate)
        {
            if (task.Batch is not null)
            {
                task.Queue!.Remove(task);
                cancel = true;
            }
            else
            {
                cancel = task.CanCancelNow;
            }
        }

        if (cancel)
        {
            if (task.OwnsInputs && task.IsQueued)
            {
                task.ReleaseInputs();
            }

            task.Cancel();
        }
    }

    private void OnTimer()
    {
        lock (gate)
        {
            timerDueAt = long.MaxValue;
            Monitor.Pulse(gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            BatchQueue? queue;
            Batch? batch;
            lock (gate)
            {
                while (!TryTake(out queue, out batch))
                {
                    if (stopping)
                    {
                        return;
                    }

                    Monitor.Wait(gate);
                }

                if (AnySchedulable())
                {
                    // Another batch may run too: hand it to an idle thread.
                    Monitor.Pulse(gate);
                }
            }

            try
            {
                metrics?.RecordBatch(Options.ThreadPoolName, batch.Tasks, batch.Size, BatchPolicy.PaddedSize(batch.Size, Options.AllowedBatchSizes), time.GetTimestamp(), time.TimestampFrequency);
                using var span = ModelsTracing.Source.HasListeners()
                    ? ModelsTracing.Source.StartActivity("batch.run", ActivityKind.Internal, default(ActivityContext), links: batch.Tasks.Select(t => new ActivityLink(t.Trace)))
                    : null;
                span?.SetTag("batch.size", batch.Size);
                queue.Runner.Run(batch);
            }
            catch (Exception e)
            {
                BatchingLog.WorkerFailed(logger, e);
                foreach (var task in batch.Tasks)
                {
                    task.ReleaseInputs();
                    task.Fail(e);
                }
            }
        }
    }

    private bool AnySchedulable()
    {
        var now = time.GetTimestamp();
        foreach (var queue in queues)
        {
            if (queue.HasSchedulable(now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes the next runnable batch, queues in turn (lock held); otherwise arms the timer for the next due one.</summary>
    private bool TryTake([NotNullWhen(true)] out BatchQueue? queue, [NotNullWhen(true)] out Batch? batch)
    {
        while (true)
        {
            var now = time.GetTimestamp();
            var wakeAt = long.MaxValue;
            for (var k = 0; k < queues.Count; k++)
            {
                var index = (cursor + k) % queues.Count;
                batch = queues[index].TryTake(now, ref wakeAt);
                if (batch is not null)
                {
                    queue = queues[index];
                    cursor = index + 1;
                    return true;
                }
            }

            if (wakeAt < timerDueAt)
            {
                ArmTimer(wakeAt);
            }

            // The clock may have passed the due time while we looked (a test clock jumps): look again rather than wait.
            if (wakeAt == long.MaxValue || time.GetTimestamp() < wakeAt)
            {
                queue = null;
                batch = null;
                return false;
            }
        }
    }

    /// <summary>
    /// Arms the timer to fire at <paramref name="wakeAt"/>, again if the clock moved while arming (the delay is relative).
    /// When the time has already come it leaves the timer as it was: the caller looks again or wakes a thread itself,
    /// and <see cref="timerDueAt"/> must only ever name a timer really armed, or a later batch would wait for it for ever.
    /// </summary>
    private void ArmTimer(long wakeAt)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = time.GetTimestamp();
            if (before >= wakeAt)
            {
                return;
            }

            // Rounded up to whole ticks so the timer never fires before the batch is due; capped, to re-arm after an hour.
            var ticks = (((Int128)(wakeAt - before) * TimeSpan.TicksPerSecond) + time.TimestampFrequency - 1) / time.TimestampFrequency;
            timer.Change(TimeSpan.FromTicks((long)Int128.Clamp(ticks, 1, TimeSpan.TicksPerHour)), Timeout.InfiniteTimeSpan);
            timerDueAt = wakeAt;
            if (time.GetTimestamp() == before)
            {
                return;
            }
        }
    }
}
