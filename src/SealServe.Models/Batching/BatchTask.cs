using System.Diagnostics;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// One request (or one piece of a split request) waiting in a <see cref="BatchQueue"/>: its inputs, rows,
/// cancellation and the promise its caller awaits.
/// </summary>
/// <remarks>
/// The caller's inputs may be read until <see cref="ReleaseInputs"/>; only then may a cancelled task
/// complete, because its caller disposes the inputs as soon as its await returns. A task still queued
/// is cancelled at once (removed under the scheduler's lock). Pieces of a split request own copies of
/// their rows, so they can be cancelled at any time.
/// </remarks>
internal sealed class BatchTask
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Released = 2;

    private readonly TaskCompletionSource<Tensor[]>? completion;
    private readonly SplitRequest? parent;
    private readonly int pieceIndex;
    private int state;

    /// <summary>A whole request: the caller awaits <see cref="Completion"/>.</summary>
    public BatchTask(Tensor[] inputs, int rows, CancellationToken cancellationToken)
    {
        Inputs = inputs;
        Rows = rows;
        CancellationToken = cancellationToken;
        completion = new TaskCompletionSource<Tensor[]>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Piece <paramref name="index"/> of a split request, owning copies of its rows.</summary>
    public BatchTask(Tensor[] ownedInputs, int rows, SplitRequest parent, int index)
    {
        Inputs = ownedInputs;
        Rows = rows;
        CancellationToken = parent.CancellationToken;
        OwnsInputs = true;
        this.parent = parent;
        pieceIndex = index;
    }

    public Tensor[] Inputs { get; }

    /// <summary>Size of dimension 0 (the same for every input).</summary>
    public int Rows { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>True for pieces of a split request: the inputs are ours to dispose.</summary>
    public bool OwnsInputs { get; }

    /// <summary>The queue the task was submitted to.</summary>
    public BatchQueue? Queue { get; init; }

    /// <summary>The scheduler whose lock guards <see cref="Batch"/>.</summary>
    public BatchScheduler? Scheduler { get; init; }

    /// <summary>The batch holding this task while it is queued.</summary>
    public Batch? Batch { get; set; }

    /// <summary>The trace context of the request, for the batch's span to link to.</summary>
    public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;

    /// <summary>When it was queued (the scheduler's <see cref="TimeProvider"/> timestamp).</summary>
    public long EnqueuedAt { get; set; }

    /// <summary>Unregisters the cancellation callback once the task leaves the queue one way or another.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    public Task<Tensor[]> Completion => completion?.Task ?? throw new InvalidOperationException("A piece completes through its split request.");

    public bool IsQueued => Volatile.Read(ref state) == Queued;

    /// <summary>A batch thread took the task (called under the scheduler's lock).</summary>
    public void MarkTaken() => Volatile.Write(ref state, Taken);

    /// <summary>Called under the scheduler's lock when the token fires: true if the task may complete as cancelled now.</summary>
    public bool CanCancelNow => OwnsInputs || Volatile.Read(ref state) != Taken;

    /// <summary>The inputs are no longer read: dispose owned copies, and complete now if the caller gave up meanwhile.</summary>
    public void ReleaseInputs()
    {
        if (Interlocked.Exchange(ref state, Released) == Released)
        {
            return;
        }

        if (OwnsInputs)
        {
            foreach (var input in Inputs)
            {
                input.Dispose();
            }
        }

        if (CancellationToken.IsCancellationRequested)
        {
            Cancel();
        }
    }

    /// <summary>Hands the outputs to the caller, who then owns them; disposes them if the caller is gone.</summary>
    public void Complete(Tensor[] outputs)
    {
        Registration.Dispose();
        if (parent is not null)
        {
            parent.CompletePiece(pieceIndex, outputs);
        }
        else if (!completion!.TrySetResult(outputs))
        {
            Dispose(outputs);
        }
    }

    public void Fail(Exception error)
    {
        Registration.Dispose();
        if (parent is not null)
        {
            parent.Fail(error);
        }
        else
        {
            completion!.TrySetException(error);
        }
    }

    public void Cancel()
    {
        if (parent is not null)
        {
            parent.Cancel();
        }
        else
        {
            completion!.TrySetCanceled(CancellationToken);
        }
    }

    public static void Dispose(Tensor[] tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor?.Dispose();
        }
    }
}
