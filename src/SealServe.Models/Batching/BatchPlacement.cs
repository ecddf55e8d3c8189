namespace SealServe.Models.Batching;

/// <summary>Where a request goes when it is enqueued (<see cref="BatchPolicy.Place"/>).</summary>
internal enum BatchPlacement
{
    /// <summary>Into the open batch of its shape: it has room.</summary>
    JoinOpen,

    /// <summary>The open batch of its shape is too full: close it (it can run now) and open a new one.</summary>
    CloseAndOpenNew,

    /// <summary>No open batch of its shape: open one.</summary>
    OpenNew,

    /// <summary>A new batch is needed but the queue already holds <c>max_enqueued_batches</c>: refuse.</summary>
    QueueFull,
}
