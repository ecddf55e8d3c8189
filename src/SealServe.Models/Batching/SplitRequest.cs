using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// A request larger than one run (<c>enable_large_batch_splitting</c>): its pieces run in separate batches
/// and their outputs are joined along dimension 0 once the last piece is done, as TF Serving's split tasks.
/// </summary>
internal sealed class SplitRequest(int pieceCount, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<Tensor[]> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Tensor[]?[] pieces = new Tensor[pieceCount][];
    private int remaining = pieceCount;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<Tensor[]> Completion => completion.Task;

    public void CompletePiece(int index, Tensor[] outputs)
    {
        lock (pieces)
        {
            if (completion.Task.IsCompleted)
            {
                BatchTask.Dispose(outputs);
                return;
            }

            pieces[index] = outputs;
            if (--remaining > 0)
            {
                return;
            }
        }

        Tensor[] joined;
        try
        {
            joined = TensorConcat.Join(pieces!);
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }

        DisposePieces();
        if (!completion.TrySetResult(joined))
        {
            BatchTask.Dispose(joined);
        }
    }

    public void Fail(Exception error)
    {
        completion.TrySetException(error);
        DisposePieces();
    }

    public void Cancel()
    {
        completion.TrySetCanceled(CancellationToken);
        DisposePieces();
    }

    private void DisposePieces()
    {
        lock (pieces)
        {
            for (var i = 0; i < pieces.Length; i++)
            {
                if (pieces[i] is { } outputs)
                {
                    BatchTask.Dispose(outputs);
                    pieces[i] = null;
                }
            }
        }
    }
}
